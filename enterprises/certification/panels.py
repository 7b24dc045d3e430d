"""Left-menu links and workbench panels of certification (registered in CertificationConfig.ready)."""

from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bureau.accounts.models import Role
from bureau.core.workbench import register_menu, register_panel

from . import permissions as perm
from .models import HighTechCertificate, SmeEvaluation
from .policy import CURRENT
from .selectors import queue_counts, stage_counts

APPLICANT_SECTION = _("企业认定")
STAFF_SECTION = _("企业认定与培育")
STAFF = [Role.COUNTY_STAFF, Role.CITY_STAFF, Role.LEADER, Role.ADMINISTRATOR]


def applicant_panel(request) -> dict:
    """This year's SME evaluation and the high-tech certificate of the applicant's organization."""
    from .views.common import current_membership

    membership = current_membership(request)
    if membership is None:
        return {"organization": None}
    org = membership.organization
    today = timezone.localdate()
    evaluation = SmeEvaluation.objects.filter(organization=org).live().order_by("-year", "-pk").first()
    certificate = HighTechCertificate.objects.filter(organization=org).order_by("-issued_on").first()
    return {
        "organization": org,
        "evaluation": evaluation,
        "certificate": certificate,
        "validity": certificate.validity(today) if certificate else "",
        "year": today.year,
    }


def reviewer_panel(request) -> dict:
    """How many SME evaluations and applications wait for this reviewer, and certificates ending soon."""
    user = request.user
    counts = queue_counts(user)
    today = timezone.localdate()
    expiring = (
        HighTechCertificate.objects.visible_to(user)
        .expiring_between(today, today + timedelta(days=CURRENT.expiry_warning_days))
        .count()
    )
    return {
        "counts": counts,
        "is_city": perm.is_city_officer(user),
        "is_county": user.has_role(Role.COUNTY_STAFF),
        "expiring": expiring,
    }


def leader_panel(request) -> dict:
    """The pipeline figures of the year for the whole city (leaders)."""
    year = timezone.localdate().year
    counts = stage_counts(request.user, year)
    sme_year = (
        SmeEvaluation.objects.visible_to(request.user)
        .filter(year=year)
        .aggregate(
            registered=Count("pk", filter=Q(status=SmeEvaluation.Status.REGISTERED)),
            in_review=Count(
                "pk",
                filter=Q(
                    status__in=[
                        SmeEvaluation.Status.SUBMITTED,
                        SmeEvaluation.Status.COUNTY_PASSED,
                        SmeEvaluation.Status.CITY_PASSED,
                        SmeEvaluation.Status.PUBLICIZING,
                        SmeEvaluation.Status.PUBLICIZED,
                    ]
                ),
            ),
        )
    )
    tiles = [(info.label, n) for info, n in zip(counts["stages"], counts["total_cells"], strict=True)]
    return {"counts": counts, "tiles": tiles, "year": year, "sme_year": sme_year}


def register_all() -> None:
    register_menu(
        key="certification.sme",
        label=_("科技型中小企业评价"),
        url_name="certification:sme-list",
        roles=[Role.APPLICANT],
        section=APPLICANT_SECTION,
        icon="clipboard-check",
        order=30,
    )
    register_menu(
        key="certification.hightech",
        label=_("高企自测与申报"),
        url_name="certification:hightech-home",
        roles=[Role.APPLICANT],
        section=APPLICANT_SECTION,
        icon="patch-check",
        order=31,
    )
    staff_items = [
        ("certification.queue", _("待审核"), "certification:queue", [Role.COUNTY_STAFF, Role.CITY_STAFF], "inbox", 40),
        ("certification.sme_list", _("科技型中小企业名单"), "certification:sme-staff-list", STAFF, "list-check", 41),
        ("certification.hightech_list", _("高企申报名单"), "certification:hightech-staff-list", STAFF, "list-ul", 42),
        ("certification.certificates", _("高新技术企业证书"), "certification:certificate-list", STAFF, "award", 43),
        ("certification.pipeline", _("梯度培育"), "certification:pipeline", STAFF, "bar-chart-steps", 44),
        ("certification.reserve", _("高企后备库"), "certification:reserve-list", STAFF, "box-seam", 45),
        (
            "certification.import",
            _("导入历史名单"),
            "certification:import",
            [Role.CITY_STAFF, Role.ADMINISTRATOR],
            "upload",
            46,
        ),
    ]
    for key, label, url_name, roles, icon, order in staff_items:
        register_menu(
            key=key, label=label, url_name=url_name, roles=roles, section=STAFF_SECTION, icon=icon, order=order
        )
    register_panel(
        key="certification.applicant",
        roles=[Role.APPLICANT],
        template="certification/panels/applicant.html",
        context=applicant_panel,
        order=30,
    )
    register_panel(
        key="certification.reviewer",
        roles=[Role.COUNTY_STAFF, Role.CITY_STAFF],
        template="certification/panels/reviewer.html",
        context=reviewer_panel,
        order=30,
    )
    register_panel(
        key="certification.leader",
        roles=[Role.LEADER],
        template="certification/panels/leader.html",
        context=leader_panel,
        order=30,
    )
