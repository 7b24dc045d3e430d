"""Registration of an SME (入库登记编号) after its public notice, and its revocation."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bureau.core.errors import InvalidInput
from bureau.core.workflow import run_transition
from bureau.inbox.services import close_todos

from ...models import SmeEvaluation
from ...policy import sme_number_problem, sme_valid_until
from ..common import ensure_city_officer, ensure_result_recorder, tell_members, version_of
from .evaluation import detail_url


@transaction.atomic
def record_number(
    *,
    actor,
    evaluation: SmeEvaluation,
    number: str,
    registered_on: date | None = None,
    expected_version: int | None = None,
    today: date | None = None,
) -> SmeEvaluation:
    """Record the registration number (入库登记编号) the province announced; valid for the evaluation year."""
    today = today or timezone.localdate()
    ensure_result_recorder(actor)
    number = (number or "").strip()
    problem = sme_number_problem(number, evaluation.year)
    if problem:
        raise InvalidInput(problem, fields={"registration_number": problem})
    registered_on = registered_on or today
    if registered_on > today:
        raise InvalidInput(_("入库日期不能晚于今天。"), fields={"registered_on": _("日期有误")})
    if SmeEvaluation.objects.filter(registration_number=number).exclude(pk=evaluation.pk).exists():
        raise InvalidInput(
            _("入库登记编号 %(n)s 已登记给其他企业，请核对。") % {"n": number},
            fields={"registration_number": _("编号重复")},
        )
    try:
        with transaction.atomic():
            run_transition(
                obj=evaluation,
                name="register",
                actor=actor,
                comment=_("入库登记编号：%(n)s") % {"n": number},
                expected_version=version_of(expected_version),
                number=number,
                registered_on=registered_on,
                valid_until=sme_valid_until(evaluation.year),
            )
    except IntegrityError:
        raise InvalidInput(_("入库登记编号 %(n)s 已登记给其他企业，请核对。") % {"n": number}) from None
    close_todos(subject=evaluation, actor=actor)
    tell_members(
        organization=evaluation.organization,
        title=_("已入库科技型中小企业，登记编号 %(n)s") % {"n": number},
        body=_("入库登记编号在 %(year)s 年度内有效，次年请重新评价。") % {"year": evaluation.year},
        url=detail_url(evaluation),
        actor=actor,
    )
    return evaluation


@transaction.atomic
def revoke_registration(
    *,
    actor,
    evaluation: SmeEvaluation,
    reason: str,
    barred_year: int | None = None,
    expected_version: int | None = None,
    today: date | None = None,
) -> SmeEvaluation:
    """Revoke a registration (撤销入库登记) with its reason; the enterprise may not apply in ``barred_year``."""
    today = today or timezone.localdate()
    ensure_city_officer(actor)
    barred_year = barred_year or today.year
    if barred_year < evaluation.year:
        raise InvalidInput(
            _("不得申请年度不能早于该评价的年度 %(y)s。") % {"y": evaluation.year},
            fields={"barred_year": _("年度有误")},
        )
    run_transition(
        obj=evaluation,
        name="revoke",
        actor=actor,
        comment=(reason or "").strip(),
        expected_version=version_of(expected_version),
        barred_year=barred_year,
    )
    close_todos(subject=evaluation, actor=actor)
    tell_members(
        organization=evaluation.organization,
        title=_("科技型中小企业入库登记已被撤销"),
        body=_("原因：%(reason)s。%(year)s 年度不得再次申请评价。") % {"reason": reason, "year": barred_year},
        url=detail_url(evaluation),
        actor=actor,
    )
    return evaluation
