"""Helpers the certification services share: who to tell, and to-dos for the next step."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils import timezone

from bureau import calendar
from bureau.accounts.models import Role
from bureau.core.errors import ActionNotPermitted, InvalidInput, StaleObject
from bureau.inbox.services import close_todos, notify, open_todo
from enterprises.models import Membership

from .. import permissions as perm
from ..policy import CURRENT


def members_of(organization) -> list:
    """Return the active users of ``organization`` (every member is told about its applications)."""
    return [
        m.user
        for m in Membership.objects.filter(organization=organization, user__is_active=True).select_related("user")
    ]


def tell_members(*, organization, title: str, body: str = "", url: str = "", actor=None) -> None:
    notify(recipients=members_of(organization), title=title, body=body, url=url, actor=actor)


def hand_to_county(*, subject, title: str, url: str, actor=None, due_on=None) -> None:
    """Close the open to-dos about ``subject`` and open one for the county staff of its region."""
    close_todos(subject=subject, actor=actor)
    open_todo(
        title=title,
        url=url,
        subject=subject,
        role=Role.COUNTY_STAFF,
        region=subject.organization.region,
        due_on=due_on,
        actor=actor,
    )


def hand_to_city(*, subject, title: str, url: str, actor=None, due_on=None) -> None:
    """Close the open to-dos about ``subject`` and open one for the city department in charge."""
    close_todos(subject=subject, actor=actor)
    open_todo(
        title=title,
        url=url,
        subject=subject,
        role=Role.CITY_STAFF,
        department=perm.department(),
        due_on=due_on,
        actor=actor,
    )


def hand_to_applicant(*, subject, title: str, url: str, actor=None, due_on=None) -> None:
    """Close the open to-dos about ``subject`` and open one for the organization's members."""
    close_todos(subject=subject, actor=actor)
    users = members_of(subject.organization)
    if users:
        open_todo(title=title, url=url, subject=subject, users=users, due_on=due_on, actor=actor)


def ensure_member(actor, organization) -> None:
    if not perm.is_member_of(actor, organization.pk):
        raise ActionNotPermitted("只有本单位的成员可以办理本单位的申请。")


def ensure_city_officer(actor) -> None:
    if not perm.is_city_officer(actor):
        raise ActionNotPermitted("只有市科技局高新技术科的工作人员可以办理此事项。")


def ensure_result_recorder(actor) -> None:
    if not perm.is_result_recorder(actor):
        raise ActionNotPermitted("只有市科技局高新技术科的工作人员或系统管理员可以登记认定结果。")


def ensure_reviewer_over(actor, organization) -> None:
    if not (perm.is_county_officer_over(actor, organization) or perm.is_city_officer(actor)):
        raise ActionNotPermitted("只有主管该企业的县市区科技局或市局高新技术科工作人员可以办理此事项。")


def clean_corrections(corrections: dict | None, allowed: dict) -> dict:
    """Keep the named fields with a non-empty reason; refuse an unknown field or none at all."""
    cleaned = {}
    for name, reason in (corrections or {}).items():
        reason = (reason or "").strip()
        if not reason:
            continue
        if name not in allowed:
            raise InvalidInput(f"无法退回修改未知的填报项：{name}")
        cleaned[name] = reason[:500]
    if not cleaned:
        raise InvalidInput(
            "退回修改时请至少写明一项需要修改的内容及原因，企业将逐项看到。",
            fields={"corrections": "至少填写一项"},
        )
    return cleaned


def corrections_text(corrections: dict, labels: dict) -> str:
    """Write the per-field reasons as the transition's comment, one line each."""
    return "\n".join(f"{labels.get(name, name)}：{reason}" for name, reason in corrections.items())


def log_creation(*, obj, label: str, actor=None, comment: str = "") -> None:
    """Write the first line of ``obj``'s log (办理进度) when it is created in its state, not moved into it."""
    from django.contrib.contenttypes.models import ContentType

    from bureau.core.models import TransitionLog

    TransitionLog.objects.create(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=obj.pk,
        transition="create",
        label=str(label),
        from_state="",
        to_state=obj.status,
        actor=actor if getattr(actor, "pk", None) else None,
        comment=comment,
    )


def url_of(name: str, pk: int) -> str:
    return reverse(name, args=[pk])


def allowed_years(today: date | None = None) -> list[int]:
    """Return the years an enterprise may open an application for now: this year (and next, in December)."""
    today = today or timezone.localdate()
    return [today.year, today.year + 1] if today.month == 12 else [today.year]


def review_due(today: date | None = None) -> date:
    """Return when a review handed on ``today`` is due (the policy's working days later)."""
    return calendar.add_working_days(today or timezone.localdate(), CURRENT.review_working_days)


def version_of(expected_version) -> int | None:
    """Return the version a form posted as a number, or None when it posted none."""
    return int(expected_version) if expected_version not in (None, "") else None


def check_version(obj, expected_version) -> None:
    """Refuse a save made from a stale copy of ``obj`` (someone else changed it since)."""
    if expected_version not in (None, "") and obj.version != int(expected_version):
        raise StaleObject()
