import importlib

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_industries(sender, **kwargs):
    """Reload the GB/T 4754 industry table after ``flush`` emptied it.

    The table is reference data loaded by a migration; ``flush`` (and every transactional
    test) empties it while the migration stays applied, so load it again when it is empty.
    """
    from django.apps import apps

    from .models import Industry

    if Industry.objects.exists():
        return
    loader = importlib.import_module("enterprises.migrations.0003_industries_and_status")
    loader.load_industries(apps, None)


class EnterprisesConfig(AppConfig):
    name = "enterprises"
    verbose_name = _("创新主体与企业认定")

    def ready(self):
        from . import (
            exports,  # noqa: F401  (registers the export and import job handlers)
            panels,
        )

        panels.register_all()
        post_migrate.connect(_ensure_industries, sender=self, dispatch_uid="enterprises-industries")
