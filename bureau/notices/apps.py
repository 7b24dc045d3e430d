from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "bureau.notices"
    label = "notices"
    verbose_name = _("通知公告")

    def ready(self):
        from bureau.accounts.models import Role
        from bureau.core.workbench import register_menu

        register_menu(
            key="notices-staff",
            label=_("通知公告管理"),
            url_name="notices:staff-list",
            roles=[Role.CITY_STAFF, Role.LEADER, Role.ADMINISTRATOR],
            section=_("门户管理"),
            icon="megaphone",
            order=900,
        )
