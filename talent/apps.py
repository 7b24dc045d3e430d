from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentConfig(AppConfig):
    name = "talent"
    verbose_name = _("人才与专家")

    def ready(self):
        from .panels import register_all

        register_all()
