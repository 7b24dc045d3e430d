from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificationConfig(AppConfig):
    name = "enterprises.certification"
    label = "certification"
    verbose_name = _("企业认定与梯度培育")

    def ready(self):
        from . import (
            exports,  # noqa: F401  (registers the export, import and rollup job handlers)
            panels,
            receivers,  # noqa: F401  (public-notice outcomes move SME evaluations on)
        )

        panels.register_all()
