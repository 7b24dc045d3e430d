"""Calls for proposals (申报指南): draft, edit, publish.

Who: city staff of any department, and administrators. A call records its department
(主管科室), which receives the call's to-dos; but the bureau's departments run each
other's plan categories often enough (农村科技科 the agricultural call, 发展规划科 the
rest) that tying the editing to the department would only get in the way.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bureau.core.errors import ActionNotPermitted, InvalidInput

from ..models import ProjectCall
from ._common import can_manage_calls

CALL_FIELDS = (
    "title",
    "year",
    "category",
    "department",
    "summary",
    "eligibility",
    "opens_at",
    "closes_at",
    "max_funding",
)


def _check_manager(actor) -> None:
    if not can_manage_calls(actor):
        raise ActionNotPermitted(_("只有市局业务科室工作人员和系统管理员可以管理申报指南。"))


def _save(call: ProjectCall) -> ProjectCall:
    problems = {}
    if call.max_funding is not None and call.max_funding <= 0:
        problems["max_funding"] = _("单项资助上限须大于 0；不设上限请留空。")
    if call.opens_at and call.closes_at and call.closes_at <= call.opens_at:
        problems["closes_at"] = _("申报截止时间须晚于开始时间。")
    if problems:
        raise InvalidInput(fields=problems)
    try:
        call.full_clean()
    except ValidationError as exc:
        raise InvalidInput(fields={k: " ".join(v) for k, v in exc.message_dict.items()}) from None
    call.save()
    return call


@transaction.atomic
def create_call(*, actor, data: dict) -> ProjectCall:
    """Draft a call (not yet published); its department defaults to the actor's."""
    _check_manager(actor)
    call = ProjectCall(**{name: data[name] for name in CALL_FIELDS if name in data})
    if call.department_id is None and actor.department_id:
        call.department_id = actor.department_id
    if call.department_id is None:
        raise InvalidInput(_("请选择主管科室。"), fields={"department": _("必填")})
    return _save(call)


@transaction.atomic
def update_call(*, actor, call: ProjectCall, data: dict) -> ProjectCall:
    """Change a call; its plan category is fixed once applications were made under it."""
    _check_manager(actor)
    call = ProjectCall.objects.select_for_update().get(pk=call.pk)
    if "category" in data and data["category"] != call.category and call.applications.exists():
        raise InvalidInput(
            _("已有单位按本指南申报，不能再修改计划类别。"), fields={"category": _("已有申报，不能修改")}
        )
    for name in CALL_FIELDS:
        if name in data:
            setattr(call, name, data[name])
    return _save(call)


@transaction.atomic
def publish_call(*, actor, call: ProjectCall) -> ProjectCall:
    """Publish the call on the portal; applicants may apply within its window."""
    _check_manager(actor)
    call = ProjectCall.objects.select_for_update().get(pk=call.pk)
    if call.is_published:
        return call
    if call.closes_at <= timezone.now():
        raise InvalidInput(
            _("申报截止时间已过，发布后也无法申报。请先修改申报时间。"), fields={"closes_at": _("已过截止时间")}
        )
    call.is_published = True
    call.save(update_fields=["is_published"])
    return call
