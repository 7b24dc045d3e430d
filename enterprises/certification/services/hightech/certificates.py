"""The province's result of a high-tech application: certificate or not, cancellation, annual reports.

The city prepares, reviews and recommends; the province certifies.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bureau.core.errors import ActionNotPermitted, InvalidInput, InvalidTransition
from bureau.core.workflow import run_transition
from bureau.inbox.services import close_todos

from ... import permissions as perm
from ...models import AnnualReport, HighTechApplication, HighTechCertificate, ReserveEntry
from ...models.hightech import CERTIFICATE_NUMBER
from ...policy import CURRENT, certificate_expiry
from ..common import ensure_result_recorder, log_creation, tell_members, url_of, version_of
from .application import detail_url, release_ip_items


def normalize_certificate_number(number: str) -> str:
    return "".join((number or "").split()).upper()


def certificate_problem(number: str) -> str | None:
    try:
        CERTIFICATE_NUMBER(number)
    except ValidationError as exc:
        return exc.messages[0]
    return None


@transaction.atomic
def record_certificate(
    *,
    actor,
    number: str,
    issued_on: date,
    organization=None,
    application: HighTechApplication | None = None,
    batch: str = "",
    source: str = HighTechCertificate.Source.ENTERED,
    today: date | None = None,
) -> HighTechCertificate:
    """Record a certificate the province issued (number "GR" + 12 digits, date); valid three years.

    The organization's application recommended by the city, when there is one, is marked
    certified; an active reserve entry graduates.
    """
    today = today or timezone.localdate()
    ensure_result_recorder(actor)
    number = normalize_certificate_number(number)
    problem = certificate_problem(number)
    if problem:
        raise InvalidInput(problem, fields={"number": problem})
    if issued_on is None:
        raise InvalidInput(_("请填写发证日期。"), fields={"issued_on": _("必填")})
    if issued_on > today:
        raise InvalidInput(_("发证日期不能晚于今天。"), fields={"issued_on": _("日期有误")})
    if application is not None:
        organization = application.organization
        if application.status != HighTechApplication.Status.CITY_RECOMMENDED:
            raise InvalidTransition(_("只有已推荐至省的申请才能登记认定结果。"))
    elif organization is None:
        raise InvalidInput(_("请选择企业。"), fields={"organization": _("必选")})
    else:
        application = (
            HighTechApplication.objects.filter(
                organization=organization, status=HighTechApplication.Status.CITY_RECOMMENDED
            )
            .order_by("-year")
            .first()
        )
    if HighTechCertificate.objects.filter(number=number).exists():
        raise InvalidInput(_("证书编号 %(n)s 已经登记过。") % {"n": number}, fields={"number": _("编号重复")})
    certificate = HighTechCertificate(
        organization=organization,
        application=application,
        number=number,
        issued_on=issued_on,
        expires_on=certificate_expiry(issued_on),
        batch=(batch or "").strip(),
        source=source,
        recorded_by=actor,
    )
    certificate.full_clean()
    try:
        with transaction.atomic():
            certificate.save()
    except IntegrityError:
        raise InvalidInput(_("证书编号 %(n)s 已经登记过。") % {"n": number}) from None
    log_creation(
        obj=certificate,
        label=_("登记证书") if source == HighTechCertificate.Source.ENTERED else _("认定名单导入"),
        actor=actor,
        comment=_("发证日期 %(issued)s，有效期至 %(expires)s")
        % {"issued": issued_on, "expires": certificate.expires_on},
    )
    if application is not None:
        run_transition(obj=application, name="certify", actor=actor, comment=_("证书编号：%(n)s") % {"n": number})
        close_todos(subject=application, actor=actor)
    for entry in ReserveEntry.objects.active().filter(organization=organization):
        run_transition(obj=entry, name="graduate", actor=actor, comment=_("取得高新技术企业证书 %(n)s") % {"n": number})
    tell_members(
        organization=organization,
        title=_("已登记高新技术企业证书 %(n)s") % {"n": number},
        body=_("发证日期 %(issued)s，有效期至 %(expires)s。请于每年 5 月底前填报上一年度发展情况报表。")
        % {"issued": issued_on.isoformat(), "expires": certificate.expires_on.isoformat()},
        url=url_of("certification:certificate-detail", certificate.pk),
        actor=actor,
    )
    return certificate


@transaction.atomic
def record_not_certified(
    *, actor, application: HighTechApplication, reason: str, expected_version: int | None = None
) -> HighTechApplication:
    """Record that the province did not certify a recommended application."""
    run_transition(
        obj=application,
        name="not_certified",
        actor=actor,
        comment=(reason or "").strip(),
        expected_version=version_of(expected_version),
    )
    if CURRENT.release_ip_when_not_certified:
        release_ip_items(actor, application)
    close_todos(subject=application, actor=actor)
    tell_members(
        organization=application.organization,
        title=_("%(year)s年高新技术企业认定申请未获认定") % {"year": application.year},
        body=reason,
        url=detail_url(application),
        actor=actor,
    )
    return application


@transaction.atomic
def cancel_certificate(
    *, actor, certificate: HighTechCertificate, reason: str, expected_version: int | None = None
) -> HighTechCertificate:
    """Cancel a high-tech qualification (取消高新技术企业资格) with its reason."""
    run_transition(
        obj=certificate,
        name="cancel",
        actor=actor,
        comment=(reason or "").strip(),
        expected_version=version_of(expected_version),
    )
    tell_members(
        organization=certificate.organization,
        title=_("高新技术企业资格已被取消（证书 %(n)s）") % {"n": certificate.number},
        body=reason,
        url=url_of("certification:certificate-detail", certificate.pk),
        actor=actor,
    )
    return certificate


@transaction.atomic
def record_annual_report(
    *, actor, certificate: HighTechCertificate, year: int, reported_on: date | None = None, today: date | None = None
) -> AnnualReport:
    """Record that the enterprise filed its annual development report for ``year``."""
    today = today or timezone.localdate()
    org = certificate.organization
    if not (perm.is_member_of(actor, org.pk) or perm.is_county_officer_over(actor, org) or perm.is_city_officer(actor)):
        raise ActionNotPermitted()
    if not certificate.issued_on.year <= year < today.year:
        raise InvalidInput(
            _("年报年度应在证书发证年度 %(from)s 至 %(to)s 之间。")
            % {"from": certificate.issued_on.year, "to": today.year - 1},
            fields={"year": _("年度有误")},
        )
    reported_on = reported_on or today
    if reported_on > today:
        raise InvalidInput(_("填报日期不能晚于今天。"), fields={"reported_on": _("日期有误")})
    report, created = AnnualReport.objects.get_or_create(
        certificate=certificate, year=year, defaults={"reported_on": reported_on, "recorded_by": actor}
    )
    if not created:
        raise InvalidInput(_("%(year)s 年度的年报已登记过。") % {"year": year})
    close_todos(subject=certificate, actor=actor)
    return report
