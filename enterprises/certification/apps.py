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
        self.register_progress_lookups()

    def register_progress_lookups(self):
        try:
            from bureau.core.progress import register_progress_lookup
        except ImportError:  # an older core without the public progress lookup
            return
        from .selectors import find_hightech_progress, find_sme_progress

        register_progress_lookup(
            "sme",
            _("科技型中小企业评价"),
            find_sme_progress,
            number_label=_("受理编号（KX开头）或入库登记编号"),
            order=20,
        )
        register_progress_lookup(
            "hightech",
            _("高新技术企业认定申请"),
            find_hightech_progress,
            number_label=_("受理编号（GQ开头）或证书编号"),
            order=21,
        )
