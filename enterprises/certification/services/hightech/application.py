"""Enterprise side of a high-tech application (高新技术企业认定): open, choose IP, self-check, submit, withdraw.

Class-II IP items are recorded as used at submission (``record_ip_use``): the database
refuses a second active use, so two applications racing for one utility model cannot
both get it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from bureau.core.errors import InvalidInput, InvalidTransition
from bureau.core.workflow import run_transition
from bureau.inbox.services import close_todos
from enterprises.models import IntellectualProperty, IPClass, IPUse
from enterprises.selectors import ip_available_for_hightech
from enterprises.services import ensure_can_submit, record_ip_use, release_ip_uses, take_snapshot

from ...models import HighTechApplication
from ...selectors import conditions_json, hightech_self_check
from ..common import allowed_years, check_version, ensure_member, hand_to_county, review_due, url_of, version_of
from .attachments import missing_attachments

IP_PURPOSE = IPUse.Purpose.HIGHTECH


def detail_url(application) -> str:
    return url_of("certification:hightech-detail", application.pk)


def edit_url(application) -> str:
    return url_of("certification:hightech-edit", application.pk)


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
    check_version(application, expected_version)
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


@transaction.atomic
def submit_application(
    *, actor, application: HighTechApplication, expected_version: int | None = None, today: date | None = None
) -> HighTechApplication:
    """Submit the application: check the package, freeze the profile, record the IP used, hand to the county."""
    today = today or timezone.localdate()
    ensure_member(actor, application.organization)
    ensure_can_submit(application.organization)
    check_version(application, expected_version)
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
        url=detail_url(application),
        actor=actor,
        due_on=review_due(today),
    )
    return application


def release_ip_items(actor, application) -> None:
    """Release the IP items ``application`` recorded as used, so another application may use them."""
    release_ip_uses(actor=actor, application=application, purpose=IP_PURPOSE)


@transaction.atomic
def withdraw_application(*, actor, application: HighTechApplication, expected_version: int | None = None):
    """Withdraw a submitted or returned application and release the IP items it used."""
    run_transition(obj=application, name="withdraw", actor=actor, expected_version=version_of(expected_version))
    release_ip_items(actor, application)
    close_todos(subject=application, actor=actor)
    return application
