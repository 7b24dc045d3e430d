"""The bureau's side: accept, return for correction, approve (立项) with an amount, reject.

Any city staff member may act (the transitions' permission); the project number given
on approval is the next of the call's plan year, unless the officer types a number of
another kind (a document number, say) that no other project has.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bureau.accounts.models import Role
from bureau.core.errors import ActionNotPermitted, InvalidInput, InvalidTransition
from bureau.core.formatting import wan
from bureau.core.workflow import run_transition

from ..conf import project_series
from ..models import ProjectApplication, ProjectNumberCounter
from ..rules import funding
from ._common import check_fresh, close_application_todos, tell_applicant
from .numbering import next_number

S = ProjectApplication.Status


def _check_staff(actor) -> None:
    if not (getattr(actor, "is_authenticated", False) and actor.is_active and actor.has_role(Role.CITY_STAFF)):
        raise ActionNotPermitted(_("只有市局业务科室工作人员可以办理项目申报。"))


def _check_state(application, state) -> None:
    if application.status != state:
        raise InvalidTransition()


def _run(application, name, **kwargs):
    try:
        return run_transition(obj=application, name=name, **kwargs)
    except ValidationError as exc:
        raise InvalidInput(fields={k: " ".join(v) for k, v in exc.message_dict.items()}) from None


@transaction.atomic
def send_back(
    *, actor, application: ProjectApplication, reason: str, expected_version: int | None = None
) -> ProjectApplication:
    """Return the application for correction; the applicant sees the reason and gets a to-do."""
    _check_staff(actor)
    _check_state(application, S.SUBMITTED)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("请填写退回原因，申报单位将按此修改。"), fields={"comment": _("必填")})
    _run(application, "send_back", actor=actor, comment=reason, expected_version=expected_version)
    close_application_todos(application, actor=actor)
    tell_applicant(
        application,
        actor=actor,
        title=_("项目申报被退回修改：%(title)s") % {"title": application.title},
        body=reason,
        todo=True,
    )
    return application


@transaction.atomic
def accept(
    *, actor, application: ProjectApplication, comment: str = "", expected_version: int | None = None
) -> ProjectApplication:
    """Accept the application for review (受理)."""
    _check_staff(actor)
    _check_state(application, S.SUBMITTED)
    _run(application, "accept", actor=actor, comment=comment, expected_version=expected_version)
    close_application_todos(application, actor=actor)
    tell_applicant(
        application,
        actor=actor,
        title=_("项目申报已受理：%(title)s") % {"title": application.title},
        body=_("申报编号 %(number)s，进入评审立项阶段。") % {"number": application.number},
    )
    return application


def _amount_message(code: str, application) -> str:
    ceiling = application.call.max_funding
    return {
        funding.AMOUNT_MISSING: _("请填写立项资助金额。"),
        funding.AMOUNT_NOT_POSITIVE: _("立项资助金额须大于 0。"),
        funding.AMOUNT_ABOVE_REQUEST: _("立项资助金额不能超过申请的市级资助（%(a)s 万元）。")
        % {"a": wan(application.requested_amount)},
        funding.AMOUNT_ABOVE_CEILING: _("立项资助金额不能超过本指南的单项资助上限（%(a)s 万元）。")
        % {"a": wan(ceiling)},
        funding.DATE_MISSING: _("请填写立项日期。"),
        funding.DATE_IN_FUTURE: _("立项日期不能晚于今天。"),
        funding.DATE_BEFORE_SUBMISSION: _("立项日期不能早于提交申报的日期。"),
    }[code]


def _project_number(application, typed: str) -> str:
    """Return the typed project number after checks, or the plan year's next number."""
    typed = (typed or "").strip()
    if not typed:
        return next_number(series=ProjectNumberCounter.Series.PROJECT, year=application.call.year)
    rule = project_series()
    if rule.parse(typed) is not None:
        raise InvalidInput(
            _("“%(prefix)s”开头的项目编号由系统按年度连续编号，请留空自动生成。") % {"prefix": rule.prefix},
            fields={"project_number": _("请留空")},
        )
    if ProjectApplication.objects.filter(project_number=typed).exists():
        raise InvalidInput(
            _("项目编号 %(n)s 已被其他项目使用。") % {"n": typed}, fields={"project_number": _("编号重复")}
        )
    return typed


@transaction.atomic
def approve(
    *,
    actor,
    application: ProjectApplication,
    amount: Decimal | None,
    approved_on: date | None = None,
    project_number: str = "",
    comment: str = "",
    expected_version: int | None = None,
) -> ProjectApplication:
    """Approve the project (立项) with the funded amount and give it its project number."""
    _check_staff(actor)
    _check_state(application, S.ACCEPTED)
    check_fresh(application, expected_version)
    today = timezone.localdate()
    approved_on = approved_on or today
    submitted_on = timezone.localdate(application.submitted_at) if application.submitted_at else None
    problems = funding.check_approval(
        funding.ApprovalInput(
            amount=amount,
            requested=application.requested_amount,
            ceiling=application.call.max_funding,
            approved_on=approved_on,
            today=today,
            submitted_on=submitted_on,
        )
    )
    if problems:
        fields = {name: _amount_message(code, application) for name, code in problems.items()}
        raise InvalidInput(" ".join(fields.values()), fields=fields)
    number = _project_number(application, project_number)
    _run(
        application,
        "approve",
        actor=actor,
        comment=comment
        or _("批准立项，资助 %(amount)s 万元，项目编号 %(number)s") % {"amount": wan(amount), "number": number},
        expected_version=expected_version,
        approved_on=approved_on,
        amount=amount,
        project_number=number,
    )
    close_application_todos(application, actor=actor)
    tell_applicant(
        application,
        actor=actor,
        title=_("项目已立项：%(title)s") % {"title": application.title},
        body=_("项目编号 %(number)s，市级资助 %(amount)s 万元。") % {"number": number, "amount": wan(amount)},
    )
    return application


@transaction.atomic
def reject(
    *, actor, application: ProjectApplication, reason: str, expected_version: int | None = None
) -> ProjectApplication:
    """Decide not to fund the project (不予立项), with the reason the applicant will read."""
    _check_staff(actor)
    _check_state(application, S.ACCEPTED)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("请填写不予立项的理由。"), fields={"comment": _("必填")})
    _run(application, "reject", actor=actor, comment=reason, expected_version=expected_version)
    close_application_todos(application, actor=actor)
    tell_applicant(
        application,
        actor=actor,
        title=_("项目不予立项：%(title)s") % {"title": application.title},
        body=reason,
    )
    return application
