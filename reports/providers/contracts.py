"""Indicators computed from technology contracts (``contracts.Contract``).

Written against the contracts app's model; returns no family until that model exists.
"""

from __future__ import annotations

from django.apps import apps


def families():
    try:
        apps.get_model("contracts", "Contract")
    except LookupError:
        return []
    return []
