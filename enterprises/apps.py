from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnterprisesConfig(AppConfig):
    name = "enterprises"
    verbose_name = _("创新主体与企业认定")

    def ready(self):
        from . import (
            exports,  # noqa: F401  (registers the export and import job handlers)
            panels,
        )

        panels.register_all()
