"""Name the certification models the indicators read, looked up lazily (the app may not be installed)."""

from __future__ import annotations

from django.apps import apps

APP = "certification"
CERTIFICATE = (APP, "HighTechCertificate")
APPLICATION = (APP, "HighTechApplication")
EVALUATION = (APP, "SmeEvaluation")


def _model(key):
    return apps.get_model(*key)
