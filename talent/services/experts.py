"""The expert database (专家库): record and correct experts, suspend them, take them out of the pool.

``Expert.status`` is a plain field (the model is no workflow model), so each change of
state is one service here that checks the state it starts from under a row lock; the
history of every change is kept by the model's pghistory triggers.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bureau.accounts.models import Role
from bureau.core.errors import InvalidInput, InvalidTransition

from ..models import Expert
from ._common import (
    check_id_number,
    clean_or_raise,
    ensure_can_write,
    link_organization,
    locked_for_edit,
    require_region,
    set_fields,
)

EXPERT_FIELDS = (
    "full_name",
    "id_number",
    "phone",
    "email",
    "organization_name",
    "region",
    "title",
    "position",
    "technical_fields",
    "specialty",
    "joined_on",
    "note",
)


def _fill(expert: Expert, data: dict) -> None:
    set_fields(expert, data, EXPERT_FIELDS)
    expert.id_number = (expert.id_number or "").strip().upper()
    check_id_number(expert)
    expert.technical_fields = sorted(set(expert.technical_fields or []))
    if "user" in data:
        expert.user = data["user"]
    link_organization(expert, data)
    require_region(expert)
    problems = {}
    if expert.user is not None:
        if not expert.user.has_role(Role.EXPERT):
            problems["user"] = _("账号“%(name)s”没有评审专家角色，请先由系统管理员授予该角色。") % {
                "name": expert.user.username
            }
        elif Expert.objects.filter(user=expert.user).exclude(pk=expert.pk).exists():
            problems["user"] = _("账号“%(name)s”已关联其他专家。") % {"name": expert.user.username}
    if expert.id_number and Expert.objects.filter(id_number=expert.id_number).exclude(pk=expert.pk).exists():
        problems["id_number"] = _("专家库中已有该身份证号码的专家，请勿重复入库。")
    if problems:
        raise InvalidInput(fields=problems)


@transaction.atomic
def create_expert(*, actor, data: dict) -> Expert:
    """Put an expert into the database (入库); the expert starts active."""
    ensure_can_write(actor)
    expert = Expert(status=Expert.Status.ACTIVE)
    _fill(expert, data)
    ensure_can_write(actor, expert.region)
    clean_or_raise(expert)
    expert.save()
    return expert


@transaction.atomic
def update_expert(*, actor, expert: Expert, data: dict, expected: str | None = None) -> Expert:
    """Correct an expert's record (not the state: see the status services)."""
    current = locked_for_edit(actor, expert, expected)
    _fill(current, data)
    ensure_can_write(actor, current.region)
    clean_or_raise(current)
    current.save()
    return current


def _locked(expert: Expert) -> Expert:
    return Expert.objects.select_for_update().select_related("region").get(pk=expert.pk)


def _append_note(expert: Expert, text: str) -> None:
    text = text.strip()
    if text:
        expert.note = (f"{expert.note}；{text}" if expert.note else text)[:255]


@transaction.atomic
def suspend_expert(*, actor, expert: Expert, reason: str = "") -> Expert:
    """Stop drawing an active expert for reviews for now (暂停抽取)."""
    current = _locked(expert)
    ensure_can_write(actor, current.region)
    if current.status != Expert.Status.ACTIVE:
        raise InvalidTransition(_("只有在库的专家可以暂停抽取。"))
    current.status = Expert.Status.SUSPENDED
    if reason.strip():
        _append_note(current, _("%(day)s 暂停抽取：%(reason)s") % {"day": timezone.localdate(), "reason": reason})
    clean_or_raise(current)
    current.save()
    return current


@transaction.atomic
def resume_expert(*, actor, expert: Expert) -> Expert:
    """Let a suspended expert be drawn again (恢复抽取)."""
    current = _locked(expert)
    ensure_can_write(actor, current.region)
    if current.status != Expert.Status.SUSPENDED:
        raise InvalidTransition(_("只有暂停抽取的专家可以恢复。"))
    current.status = Expert.Status.ACTIVE
    clean_or_raise(current)
    current.save()
    return current


@transaction.atomic
def remove_expert(*, actor, expert: Expert, left_on, reason: str = "") -> Expert:
    """Take an expert out of the pool (出库) as of ``left_on``; the record is kept."""
    current = _locked(expert)
    ensure_can_write(actor, current.region)
    if current.status == Expert.Status.LEFT:
        raise InvalidTransition(_("该专家已出库。"))
    if left_on is None:
        raise InvalidInput(fields={"left_on": _("请填写出库日期。")})
    if left_on < current.joined_on:
        raise InvalidInput(fields={"left_on": _("出库日期不能早于入库日期（%(day)s）。") % {"day": current.joined_on}})
    if left_on > timezone.localdate():
        raise InvalidInput(fields={"left_on": _("出库日期不能晚于今天。")})
    current.status = Expert.Status.LEFT
    current.left_on = left_on
    if reason.strip():
        _append_note(current, _("%(day)s 出库：%(reason)s") % {"day": left_on, "reason": reason})
    clean_or_raise(current)
    current.save()
    return current
