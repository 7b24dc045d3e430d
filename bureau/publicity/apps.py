from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicityConfig(AppConfig):
    name = "bureau.publicity"
    label = "publicity"
    verbose_name = _("公示")

    def ready(self):
        from bureau.accounts.models import Role
        from bureau.core.workbench import register_menu

        register_menu(
            key="publicity-staff",
            label=_("公示与异议"),
            url_name="publicity:staff-list",
            roles=[Role.CITY_STAFF, Role.LEADER, Role.ADMINISTRATOR],
            section=_("门户管理"),
            icon="clipboard-check",
            order=910,
        )
