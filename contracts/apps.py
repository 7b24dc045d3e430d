from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractsConfig(AppConfig):
    name = "contracts"
    verbose_name = _("技术合同登记")

    def ready(self):
        from bureau.accounts.models import Role
        from bureau.core.progress import register_progress_lookup
        from bureau.core.workbench import register_menu, register_panel

        from . import jobs  # noqa: F401  (registers the import and export job handlers)
        from .panels import queue_panel, seller_panel
        from .selectors import find_for_progress_lookup

        register_progress_lookup(
            "contract",
            _("技术合同认定登记"),
            find_for_progress_lookup,
            number_label=_("登记编号或受理编号"),
            order=30,
        )

        section = _("技术合同登记")
        staff = [Role.CITY_STAFF, Role.COUNTY_STAFF, Role.ADMINISTRATOR]
        register_menu(
            key="contracts-mine",
            label=_("我的技术合同"),
            url_name="contracts:list",
            roles=[Role.APPLICANT],
            section=section,
            icon="file-earmark-text",
            order=300,
        )
        register_menu(
            key="contracts-new",
            label=_("新建合同登记"),
            url_name="contracts:new",
            roles=[Role.APPLICANT],
            section=section,
            icon="plus-square",
            order=301,
        )
        register_menu(
            key="contracts-queue",
            label=_("登记审查队列"),
            url_name="contracts:queue",
            roles=staff,
            section=section,
            icon="inboxes",
            order=302,
        )
        register_menu(
            key="contracts-all",
            label=_("技术合同查询"),
            url_name="contracts:list",
            roles=[*staff, Role.LEADER],
            section=section,
            icon="search",
            order=303,
        )
        register_menu(
            key="contracts-income",
            label=_("技术性收入核定"),
            url_name="contracts:income-list",
            roles=[*staff, Role.APPLICANT],
            section=section,
            icon="cash-coin",
            order=304,
        )
        register_menu(
            key="contracts-brokers",
            label=_("技术经纪人"),
            url_name="contracts:broker-list",
            roles=[*staff, Role.LEADER],
            section=section,
            icon="people",
            order=305,
        )
        register_menu(
            key="contracts-stats",
            label=_("技术合同统计"),
            url_name="contracts:statistics",
            roles=[*staff, Role.LEADER],
            section=section,
            icon="bar-chart",
            order=306,
        )
        register_menu(
            key="contracts-overdue",
            label=_("逾期督办"),
            url_name="contracts:overdue",
            roles=[Role.LEADER, Role.CITY_STAFF, Role.ADMINISTRATOR],
            section=section,
            icon="alarm",
            order=307,
        )
        register_menu(
            key="contracts-import",
            label=_("历史合同导入"),
            url_name="contracts:import",
            roles=[Role.CITY_STAFF, Role.ADMINISTRATOR],
            section=section,
            icon="upload",
            order=308,
        )
        register_panel(
            key="contracts-seller",
            roles=[Role.APPLICANT],
            template="contracts/panel_seller.html",
            context=seller_panel,
            order=300,
        )
        register_panel(
            key="contracts-queue",
            roles=[*staff, Role.LEADER],
            template="contracts/panel_queue.html",
            context=queue_panel,
            order=300,
        )
