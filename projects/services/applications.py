"""The applicant's side: draft, edit, submit, resubmit after a return, withdraw.

An application is kept as a draft until submitted, so nothing typed is lost; only the
submit step checks that everything the review needs is there and refuses with the reason
next to each field. Edits are allowed while a draft or returned for correction, and an
edit made on a stale copy (someone else saved in between) is refused.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bureau.core.errors import ActionNotPermitted, InvalidInput, InvalidTransition
from bureau.core.formatting import wan
from bureau.core.workflow import run_transition

from ..models import ProjectApplication, ProjectCall, ProjectNumberCounter
from ._common import check_fresh, check_member, close_application_todos, open_review_todo
from .numbering import next_number

S = ProjectApplication.Status

# The fields an applicant fills in; everything else is set by the services.
APPLICANT_FIELDS = (
    "title",
    "leader_name",
    "leader_phone",
    "summary",
    "starts_on",
    "ends_on",
    "total_budget",
    "requested_amount",
    "self_funding",
)
EDITABLE = (S.DRAFT, S.RETURNED)


def _check_organization(organization) -> None:
    if not organization.is_verified:
        raise ActionNotPermitted(_("单位信息尚未通过核验，暂不能申报项目。请先完善单位信息并等待所在县市区核验。"))


def _money_problems(application: ProjectApplication) -> dict[str, str]:
    """Refuse, even in a draft, what the table's constraints forbid, in words."""
    problems = {}
    for name in ("total_budget", "requested_amount", "self_funding"):
        value = getattr(application, name)
        if value is not None and value < 0:
            problems[name] = _("金额不能为负数。")
    total, requested = application.total_budget, application.requested_amount
    if "requested_amount" not in problems and total is not None and requested is not None and requested > total:
        problems["requested_amount"] = _("申请市级资助（%(a)s 万元）不能超过项目总预算（%(b)s 万元）。") % {
            "a": wan(requested),
            "b": wan(total),
        }
    ceiling = application.call.max_funding
    if "requested_amount" not in problems and ceiling is not None and requested is not None and requested > ceiling:
        problems["requested_amount"] = _("申请市级资助不能超过本指南的单项资助上限（%(a)s 万元）。") % {
            "a": wan(ceiling)
        }
    if application.starts_on and application.ends_on and application.ends_on < application.starts_on:
        problems["ends_on"] = _("实施期止不能早于实施期起。")
    return problems


def _validate_and_save(application: ProjectApplication) -> ProjectApplication:
    problems = _money_problems(application)
    if problems:
        raise InvalidInput(_("有 %(n)s 处需要修改，申报书未保存。") % {"n": len(problems)}, fields=problems)
    try:
        application.full_clean(exclude=["call", "organization", "region"])
    except ValidationError as exc:
        raise InvalidInput(fields={k: " ".join(v) for k, v in exc.message_dict.items()}) from None
    application.save()
    return application


@transaction.atomic
def create_application(*, actor, call: ProjectCall, organization, data: dict) -> ProjectApplication:
    """Start a draft under ``call`` for ``organization`` (the actor must be one of its users)."""
    check_member(actor, organization.pk)
    _check_organization(organization)
    if not call.is_open():
        raise InvalidInput(_("该申报指南当前不在申报时间内，不能申报。"))
    application = ProjectApplication(
        call=call,
        category=call.category,
        organization=organization,
        region=organization.region,
        created_by=actor,
    )
    for name in APPLICANT_FIELDS:
        if name in data:
            setattr(application, name, data[name])
    if application.self_funding is None:
        application.self_funding = Decimal(0)
    return _validate_and_save(application)


@transaction.atomic
def update_application(
    *, actor, application: ProjectApplication, data: dict, expected_version: int | None = None
) -> ProjectApplication:
    """Change a draft or a returned application; refuse a stale copy."""
    check_member(actor, application.organization_id)
    if application.status not in EDITABLE:
        raise InvalidInput(_("申报书已提交，当前状态下不能修改。"))
    check_fresh(application, expected_version)
    for name in APPLICANT_FIELDS:
        if name in data:
            setattr(application, name, data[name])
    if application.self_funding is None:
        application.self_funding = Decimal(0)
    return _validate_and_save(application)


def submission_problems(application: ProjectApplication) -> dict[str, str]:
    """Return every reason the application cannot be submitted yet, by field."""
    problems = _money_problems(application)
    if not (application.leader_phone or "").strip():
        problems["leader_phone"] = _("请填写项目负责人的联系电话。")
    if not (application.summary or "").strip():
        problems["summary"] = _("请填写项目简介（研究内容、预期目标与考核指标）。")
    if application.starts_on is None:
        problems["starts_on"] = _("请填写实施期起。")
    if application.ends_on is None:
        problems["ends_on"] = _("请填写实施期止。")
    if not application.requested_amount or application.requested_amount <= 0:
        problems.setdefault("requested_amount", _("申请市级资助须大于 0。"))
    return problems


def _refuse_problems(application, verb: str) -> None:
    problems = submission_problems(application)
    if problems:
        raise InvalidInput(
            _("申报书还有 %(n)s 处需要填写或修改，请修改后再%(verb)s。") % {"n": len(problems), "verb": verb},
            fields=problems,
        )


@transaction.atomic
def submit_application(
    *, actor, application: ProjectApplication, expected_version: int | None = None
) -> ProjectApplication:
    """Submit the draft within the call's window; it gets the year's next application number."""
    check_member(actor, application.organization_id)
    if application.status != S.DRAFT:
        raise InvalidTransition()
    check_fresh(application, expected_version)
    _check_organization(application.organization)
    if not application.call.is_open():
        raise InvalidInput(_("申报已截止（截止时间 %(t)s），不能再提交。") % {"t": _deadline(application.call)})
    _refuse_problems(application, _("提交"))
    number = next_number(series=ProjectNumberCounter.Series.APPLICATION, year=timezone.localdate().year)
    run_transition(
        obj=application,
        name="submit",
        actor=actor,
        comment=_("申报编号 %(number)s") % {"number": number},
        expected_version=expected_version,
        number=number,
    )
    open_review_todo(application, actor=actor, title=_("项目申报待受理：%(title)s") % {"title": application.title})
    return application


def _deadline(call) -> str:
    return timezone.localtime(call.closes_at).strftime("%Y-%m-%d %H:%M")


@transaction.atomic
def resubmit_application(
    *, actor, application: ProjectApplication, comment: str = "", expected_version: int | None = None
) -> ProjectApplication:
    """Send the corrected application back to the bureau (allowed after the deadline: it was on time)."""
    check_member(actor, application.organization_id)
    if application.status != S.RETURNED:
        raise InvalidTransition()
    check_fresh(application, expected_version)
    _refuse_problems(application, _("重新提交"))
    run_transition(
        obj=application,
        name="resubmit",
        actor=actor,
        comment=comment or _("已按退回意见修改"),
        expected_version=expected_version,
    )
    close_application_todos(application, actor=actor)
    open_review_todo(application, actor=actor, title=_("退回修改后重新提交：%(title)s") % {"title": application.title})
    return application


@transaction.atomic
def withdraw_application(
    *, actor, application: ProjectApplication, comment: str = "", expected_version: int | None = None
) -> ProjectApplication:
    """Withdraw the application (the applicant's own choice), before the bureau accepts it."""
    check_member(actor, application.organization_id)
    run_transition(obj=application, name="withdraw", actor=actor, comment=comment, expected_version=expected_version)
    close_application_todos(application, actor=actor)
    return application
