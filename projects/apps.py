from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("科技计划项目")

    def ready(self):
        from bureau.accounts.models import Role
        from bureau.core.progress import register_progress_lookup
        from bureau.core.workbench import register_menu, register_panel

        from . import jobs  # noqa: F401  (registers the export job handler)
        from .panels import applicant_panel, staff_panel
        from .selectors import find_for_progress_lookup

        register_progress_lookup(
            "project",
            _("科技计划项目申报"),
            find_for_progress_lookup,
            number_label=_("申报编号或项目编号"),
            order=40,
        )

        section = _("科技计划项目")
        staff = [Role.CITY_STAFF, Role.COUNTY_STAFF, Role.ADMINISTRATOR, Role.LEADER]
        register_menu(
            key="projects-calls",
            label=_("申报指南"),
            url_name="projects:call-list",
            roles=[Role.APPLICANT],
            section=section,
            icon="megaphone",
            order=200,
        )
        register_menu(
            key="projects-mine",
            label=_("我的项目申报"),
            url_name="projects:my-applications",
            roles=[Role.APPLICANT],
            section=section,
            icon="journal-text",
            order=201,
        )
        register_menu(
            key="projects-all",
            label=_("项目申报查询"),
            url_name="projects:application-list",
            roles=staff,
            section=section,
            icon="search",
            order=202,
        )
        register_menu(
            key="projects-calls-manage",
            label=_("申报指南管理"),
            url_name="projects:call-manage-list",
            roles=[Role.CITY_STAFF, Role.ADMINISTRATOR],
            section=section,
            icon="megaphone",
            order=203,
        )
        register_panel(
            key="projects-applicant",
            roles=[Role.APPLICANT],
            template="projects/panel_applicant.html",
            context=applicant_panel,
            order=200,
        )
        register_panel(
            key="projects-staff",
            roles=staff,
            template="projects/panel_staff.html",
            context=staff_panel,
            order=200,
        )
