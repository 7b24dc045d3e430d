"""Left-menu links and the workbench panel of the talent app (registered in TalentConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from bureau.accounts.models import Role
from bureau.core.workbench import register_menu, register_panel

SECTION = _("人才与专家")
READERS = [Role.CITY_STAFF, Role.COUNTY_STAFF, Role.LEADER, Role.ADMINISTRATOR]
WRITERS = [Role.CITY_STAFF, Role.COUNTY_STAFF, Role.ADMINISTRATOR]
TALENT_DEPARTMENT = "talent"


def talent_panel(request) -> dict:
    """Experts in the pool, commissioners serving and selections this year, for the 人才科."""
    from .selectors import talent_figures

    user = request.user
    department = user.department.code if user.department_id else ""
    if department != TALENT_DEPARTMENT:
        return {"show": False}
    return {"show": True, **talent_figures(user)}


def register_all() -> None:
    items = [
        ("talent.programs", _("人才计划"), "talent:program-list", READERS, "award", 600),
        ("talent.selections", _("入选人才"), "talent:selection-list", READERS, "person-badge", 601),
        ("talent.import", _("导入入选名单"), "talent:selection-import", WRITERS, "upload", 602),
        ("talent.experts", _("专家库"), "talent:expert-list", READERS, "mortarboard", 603),
        ("talent.commissioners", _("科技特派员"), "talent:commissioner-list", READERS, "signpost-2", 604),
        ("talent.expert-mine", _("我的专家信息"), "talent:expert-mine", [Role.EXPERT], "person-vcard", 605),
    ]
    for key, label, url_name, roles, icon, order in items:
        register_menu(key=key, label=label, url_name=url_name, roles=roles, section=SECTION, icon=icon, order=order)
    register_panel(
        key="talent.figures",
        roles=[Role.CITY_STAFF],
        template="talent/panel_figures.html",
        context=talent_panel,
        order=60,
    )
