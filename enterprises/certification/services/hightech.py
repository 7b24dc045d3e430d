"""Writes of high-tech certification (高新技术企业认定): the application, the certificate, annual reports.

The city prepares, reviews and recommends; the province certifies. Class-II IP items are
recorded as used at submission (``record_ip_use``): the database refuses a second active
use, so two applications racing for one utility model cannot both get it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from bureau import calendar
from bureau.core.errors import ActionNotPermitted, InvalidInput, InvalidTransition, StaleObject
from bureau.core.workflow import run_transition
from bureau.inbox.services import close_todos
from enterprises.models import IntellectualProperty, IPClass, IPUse
from enterprises.selectors import ip_available_for_hightech
from enterprises.services import ensure_can_submit, record_ip_use, release_ip_uses, take_snapshot
from enterprises.validators import sniff_format

from .. import permissions as perm
from ..models import (
    REQUIRED_ATTACHMENTS,
    AnnualReport,
    AttachmentKind,
    HighTechApplication,
    HighTechAttachment,
    HighTechCertificate,
    ReserveEntry,
)
from ..models.hightech import CERTIFICATE_NUMBER
from ..policy import CURRENT, certificate_expiry
from ..selectors import conditions_json, hightech_self_check
from .common import (
    clean_corrections,
    corrections_text,
    ensure_member,
    ensure_result_recorder,
    hand_to_applicant,
    hand_to_city,
    hand_to_county,
    log_creation,
    tell_members,
    url_of,
)

CORRECTION_LABELS = {
    "ip": "申报使用的知识产权",
    "attachments": "申报材料（附件）",
    "figures": "年度数据（在“年度数据”中修改）",
    "contact": "联系人及联系电话",
    "declaration": "承诺事项",
}
IP_PURPOSE = IPUse.Purpose.HIGHTECH


def allowed_years(today: date | None = None) -> list[int]:
    today = today or timezone.localdate()
    return [today.year, today.year + 1] if today.month == 12 else [today.year]


def _detail_url(application) -> str:
    return url_of("certification:hightech-detail", application.pk)


def _edit_url(application) -> str:
    return url_of("certification:hightech-edit", application.pk)


def _version(expected_version):
    return int(expected_version) if expected_version not in (None, "") else None


def _check_version(obj, expected_version) -> None:
    if expected_version not in (None, "") and obj.version != int(expected_version):
        raise StaleObject()


def _store_check(application: HighTechApplication, today: date | None = None, ip_items=None):
    items = list(application.ip_items.all()) if ip_items is None else ip_items
    check = hightech_self_check(
        application.organization, application.year, apply_on=today, ip_items=items, application=application
    )
    application.check_passed = all(c.passed is not False for c in check.result.conditions)
    application.rd_ratio = check.result.rd_ratio.quantize(Decimal("0.000001"))
    application.rd_required = check.result.rd_required
    application.innovation_low = check.estimate.low
    application.innovation_high = check.estimate.high
    application.conditions = conditions_json(check.result)
    return check


CHECK_FIELDS = ("check_passed", "rd_ratio", "rd_required", "innovation_low", "innovation_high", "conditions")


@transaction.atomic
def start_application(*, actor, organization, year: int, today: date | None = None) -> HighTechApplication:
    """Open an application of ``organization`` for ``year`` (its data: the three years before)."""
    today = today or timezone.localdate()
    ensure_member(actor, organization)
    if year not in allowed_years(today):
        raise InvalidInput(
            _("现在只能申报 %(years)s 年度。") % {"years": "、".join(str(y) for y in allowed_years(today))},
            fields={"year": _("年度不可选")},
        )
    existing = HighTechApplication.objects.live().filter(organization=organization, year=year).first()
    if existing is not None:
        raise InvalidInput(
            _("本单位 %(year)s 年度的认定申请已经创建（%(status)s），请在列表中继续办理。")
            % {"year": year, "status": existing.get_status_display()}
        )
    application = HighTechApplication(
        organization=organization,
        year=year,
        created_by=actor,
        contact_name=organization.contact_name,
        contact_phone=organization.contact_phone,
    )
    application.full_clean()
    application.save()
    _store_check(application, today)
    application.save(update_fields=[*CHECK_FIELDS, "updated_at"])
    return application


def selectable_ip(application: HighTechApplication):
    """Return the items an application may use: valid class-I items and free class-II items.

    Class-II items used by another active high-tech application are left out (and shown
    as such by ``used_class2_items``).
    """
    org = application.organization
    free = ip_available_for_hightech(org, exclude_application=application).values("pk")
    return (
        IntellectualProperty.objects.filter(organization=org)
        .valid()
        .filter(Q(ip_class=IPClass.CLASS_I) | Q(ip_class=IPClass.CLASS_II, pk__in=free))
        .order_by("ip_class", "-granted_on", "pk")
    )


def used_class2_items(application: HighTechApplication):
    """Return the organization's valid class-II items already used by another high-tech application."""
    org = application.organization
    free = ip_available_for_hightech(org, exclude_application=application).values("pk")
    return (
        IntellectualProperty.objects.filter(organization=org, ip_class=IPClass.CLASS_II)
        .valid()
        .exclude(pk__in=free)
        .prefetch_related("uses")
        .order_by("-granted_on", "pk")
    )


@transaction.atomic
def save_application(
    *,
    actor,
    application: HighTechApplication,
    ip_ids,
    values: dict,
    expected_version: int | None = None,
    today: date | None = None,
) -> HighTechApplication:
    """Save the IP chosen, contacts and declaration, and rerun the self-check."""
    ensure_member(actor, application.organization)
    if not application.is_editable:
        raise InvalidTransition(_("申请已提交，不能再修改；如需修改请等待审核退回。"))
    _check_version(application, expected_version)
    wanted = {int(pk) for pk in ip_ids or []}
    allowed = {item.pk: item for item in selectable_ip(application)}
    refused = wanted - set(allowed)
    if refused:
        names = list(
            IntellectualProperty.objects.filter(pk__in=refused, organization=application.organization).values_list(
                "number", flat=True
            )
        )
        raise InvalidInput(
            _("以下知识产权不能用于本次申请（Ⅱ类知识产权已用于其他高新技术企业认定申请，或已失效）：%(items)s")
            % {"items": "、".join(names) or _("所选条目")},
            fields={"ip_items": _("请重新选择")},
        )
    for name in ("contact_name", "contact_phone", "declaration"):
        if name in values:
            setattr(application, name, values[name])
    application.ip_items.set([allowed[pk] for pk in wanted])
    _store_check(application, today, ip_items=[allowed[pk] for pk in wanted])
    application.full_clean()
    application.save(update_fields=["contact_name", "contact_phone", "declaration", *CHECK_FIELDS, "updated_at"])
    return application


def check_upload(file) -> str:
    """Return the format of an upload ("pdf", "jpeg", "png") after checking its size and content."""
    size = getattr(file, "size", 0) or 0
    if size == 0:
        raise InvalidInput(_("上传的文件是空的。"), fields={"file": _("文件为空")})
    if size > CURRENT.attachment_max_bytes:
        limit = CURRENT.attachment_max_bytes // (1024 * 1024)
        raise InvalidInput(
            _("文件不能超过 %(limit)s MB（当前 %(size).1f MB），请压缩或拆分后上传。")
            % {"limit": limit, "size": size / 1024 / 1024},
            fields={"file": _("文件过大")},
        )
    file.seek(0)
    kind = sniff_format(file.read(16) or b"")
    file.seek(0)
    if kind not in CURRENT.attachment_formats:
        raise InvalidInput(
            _("申报材料须为 PDF、JPG 或 PNG 文件；该文件的内容不是这几种格式（仅修改扩展名无效）。"),
            fields={"file": _("格式不符")},
        )
    return kind


@transaction.atomic
def add_attachment(*, actor, application: HighTechApplication, kind: str, file) -> HighTechAttachment:
    """Upload one file of the checklist, checked by its content and size."""
    ensure_member(actor, application.organization)
    if not application.is_editable:
        raise InvalidTransition(_("申请已提交，不能再上传材料。"))
    if kind not in AttachmentKind.values:
        raise InvalidInput(_("请选择材料类型。"), fields={"kind": _("必选")})
    content_kind = check_upload(file)
    attachment = HighTechAttachment(
        application=application,
        kind=kind,
        name=str(getattr(file, "name", "upload"))[-200:],
        size=file.size,
        content_kind=content_kind,
        uploaded_by=actor,
    )
    attachment.file.save(attachment.name, file, save=False)
    attachment.full_clean()
    attachment.save()
    return attachment


@transaction.atomic
def delete_attachment(*, actor, attachment: HighTechAttachment) -> None:
    application = attachment.application
    ensure_member(actor, application.organization)
    if not application.is_editable:
        raise InvalidTransition(_("申请已提交，不能删除材料。"))
    attachment.file.delete(save=False)
    attachment.delete()


def missing_attachments(application: HighTechApplication) -> list[str]:
    """Return the labels of required checklist items with no file uploaded."""
    present = set(application.attachments.values_list("kind", flat=True))
    return [str(AttachmentKind(kind).label) for kind in REQUIRED_ATTACHMENTS if kind not in present]


@transaction.atomic
def submit_application(
    *, actor, application: HighTechApplication, expected_version: int | None = None, today: date | None = None
) -> HighTechApplication:
    """Submit the application: check the package, freeze the profile, record the IP used, hand to the county."""
    today = today or timezone.localdate()
    ensure_member(actor, application.organization)
    ensure_can_submit(application.organization)
    _check_version(application, expected_version)
    if not application.is_editable:
        raise InvalidTransition()
    items = list(application.ip_items.all())
    problems = []
    if not application.declaration:
        problems.append(_("请阅读并勾选承诺事项"))
    if not items:
        problems.append(_("请至少选择一项用于申报的知识产权"))
    missing = missing_attachments(application)
    if missing:
        problems.append(_("尚未上传：%(items)s") % {"items": "、".join(missing)})
    check = _store_check(application, today, ip_items=items)
    failed = [c for c in check.result.conditions if c.passed is False]
    if failed and items:
        problems.append(
            _("自测有 %(n)s 项条件不符合（%(titles)s），达到条件后再申报；可联系县市区科技局纳入高企后备库培育")
            % {"n": len(failed), "titles": "、".join(c.title for c in failed)}
        )
    if problems:
        raise InvalidInput(_("暂不能提交：%(why)s。") % {"why": "；".join(problems)})
    application.save(update_fields=[*CHECK_FIELDS, "updated_at"])
    snapshot = take_snapshot(
        actor=actor, organization=application.organization, year=application.last_fiscal_year, purpose="hightech"
    )
    label = _("%(year)s年高新技术企业认定申请") % {"year": application.year}
    for item in items:
        record_ip_use(actor=actor, ip=item, purpose=IP_PURPOSE, application=application, label=label)
    again = application.status == HighTechApplication.Status.RETURNED
    run_transition(
        obj=application, name="submit", actor=actor, comment=_("修改后重新提交") if again else "", snapshot=snapshot
    )
    hand_to_county(
        subject=application,
        title=_("高新技术企业认定申请待县级初审：%(org)s") % {"org": application.organization.name},
        url=_detail_url(application),
        actor=actor,
        due_on=calendar.add_working_days(today, CURRENT.review_working_days),
    )
    return application


def _release(actor, application) -> None:
    release_ip_uses(actor=actor, application=application, purpose=IP_PURPOSE)


@transaction.atomic
def withdraw_application(*, actor, application: HighTechApplication, expected_version: int | None = None):
    """Withdraw a submitted or returned application and release the IP items it used."""
    run_transition(obj=application, name="withdraw", actor=actor, expected_version=_version(expected_version))
    _release(actor, application)
    close_todos(subject=application, actor=actor)
    return application


REVIEW_TRANSITIONS = {
    "county": {"pass": "county_recommend", "return": "county_return", "refuse": "county_refuse"},
    "city": {"pass": "city_recommend", "return": "city_return", "refuse": "city_refuse"},
}


@transaction.atomic
def review_application(
    *,
    actor,
    application: HighTechApplication,
    level: str,
    decision: str,
    comment: str = "",
    corrections: dict | None = None,
    expected_version: int | None = None,
    today: date | None = None,
) -> HighTechApplication:
    """Record the county's preliminary review or the city's: recommend, return for correction, or refuse."""
    try:
        name = REVIEW_TRANSITIONS[level][decision]
    except KeyError:
        raise InvalidInput(_("未知的审核操作。")) from None
    org = application.organization
    comment = (comment or "").strip()
    if decision == "return":
        corrections = clean_corrections(corrections, CORRECTION_LABELS)
        listed = corrections_text(corrections, CORRECTION_LABELS)
        comment = f"{comment}\n{listed}".strip() if comment else listed
        run_transition(
            obj=application,
            name=name,
            actor=actor,
            comment=comment,
            expected_version=_version(expected_version),
            corrections=corrections,
        )
        # The IP stays reserved while the enterprise corrects; it is released on withdrawal.
        hand_to_applicant(
            subject=application,
            title=_("高新技术企业认定申请被退回修改：请按意见修改后重新提交"),
            url=_edit_url(application),
            actor=actor,
        )
        tell_members(
            organization=org,
            title=_("%(year)s年高新技术企业认定申请被退回修改") % {"year": application.year},
            body=comment,
            url=_edit_url(application),
            actor=actor,
        )
        return application

    run_transition(
        obj=application, name=name, actor=actor, comment=comment, expected_version=_version(expected_version)
    )
    if decision == "refuse":
        _release(actor, application)
        close_todos(subject=application, actor=actor)
        tell_members(
            organization=org,
            title=_("%(year)s年高新技术企业认定申请不予推荐") % {"year": application.year},
            body=comment,
            url=_detail_url(application),
            actor=actor,
        )
    elif level == "county":
        hand_to_city(
            subject=application,
            title=_("高新技术企业认定申请待市级审核：%(org)s") % {"org": org.name},
            url=_detail_url(application),
            actor=actor,
            due_on=calendar.add_working_days(today or timezone.localdate(), CURRENT.review_working_days),
        )
        tell_members(
            organization=org,
            title=_("%(year)s年高新技术企业认定申请已通过县级初审") % {"year": application.year},
            url=_detail_url(application),
            actor=actor,
        )
    else:
        close_todos(subject=application, actor=actor)
        tell_members(
            organization=org,
            title=_("%(year)s年高新技术企业认定申请已推荐至省科技厅") % {"year": application.year},
            body=_("认定结果以省高新技术企业认定机构公告为准。"),
            url=_detail_url(application),
            actor=actor,
        )
    return application


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
        expected_version=_version(expected_version),
    )
    if CURRENT.release_ip_when_not_certified:
        _release(actor, application)
    close_todos(subject=application, actor=actor)
    tell_members(
        organization=application.organization,
        title=_("%(year)s年高新技术企业认定申请未获认定") % {"year": application.year},
        body=reason,
        url=_detail_url(application),
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
        expected_version=_version(expected_version),
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
