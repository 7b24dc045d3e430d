from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _name_third_party_apps():
    """Give third-party apps that ship no Chinese names readable ones in the admin."""
    from django.apps import apps

    for label, name in {"axes": _("登录安全"), "pghistory": _("审计历史")}.items():
        if label in apps.app_configs:
            apps.get_app_config(label).verbose_name = name
    if "pghistory" in apps.app_configs:
        events = apps.get_model("pghistory", "Events")._meta
        # pghistory spells these as plain strings, so no catalogue can translate them.
        events.verbose_name = _("审计事件")
        events.verbose_name_plural = _("审计事件")


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

        _name_third_party_apps()
        post_migrate.connect(_sync_after_migrate, sender=self, dispatch_uid="core-sync-schedules")
