from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_after_migrate(sender, **kwargs):
    from .schedules import sync_schedules

    sync_schedules()


class CoreConfig(AppConfig):
    name = "bureau.core"
    label = "core"
    verbose_name = _("平台基础")

    def ready(self):
        from . import (
            checks,  # noqa: F401  (registers system checks)
            panels,  # noqa: F401  (registers the core's workbench panels)
            receivers,  # noqa: F401  (connects signal receivers)
        )

        post_migrate.connect(_sync_after_migrate, sender=self, dispatch_uid="core-sync-schedules")
