from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_after_migrate(sender, **kwargs):
    from .services.indicators import sync_indicators

    sync_indicators()


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("指标与报表")

    def ready(self):
        from . import (
            jobs,  # noqa: F401  (registers background job handlers)
            panels,  # noqa: F401  (registers menu links and workbench panels)
            receivers,  # connects signal receivers (and, below, the creations providers name)
        )

        receivers.connect_creations()
        post_migrate.connect(_sync_after_migrate, sender=self, dispatch_uid="reports-sync-indicators")
