"""County and city review of an SME evaluation: pass, return for correction, or refuse."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bureau.core.errors import InvalidInput
from bureau.core.workflow import run_transition
from bureau.inbox.services import close_todos

from ...models import SmeEvaluation, SmeSubmission
from ..common import (
    clean_corrections,
    corrections_text,
    hand_to_applicant,
    hand_to_city,
    review_due,
    tell_members,
    version_of,
)
from .evaluation import detail_url, edit_url

#: What a reviewer may ask to correct, as the enterprise reads it.
CORRECTION_LABELS = {
    "staff_total": "职工总数",
    "sci_tech_staff": "科技人员数",
    "revenue": "销售收入",
    "total_cost": "成本费用支出总额",
    "total_assets": "资产总额",
    "rd_total": "研发费用总额",
    "rd_measure": "研发投入计分口径",
    "ip": "知识产权（在“知识产权”中修改）",
    "qualifications": "直接认定条件（在“资质荣誉”中修改）",
    "contact": "联系人及联系电话",
    "declaration": "承诺事项",
}

REVIEW_TRANSITIONS = {
    "county": {"pass": "county_pass", "return": "county_return", "refuse": "county_refuse"},
    "city": {"pass": "city_pass", "return": "city_return", "refuse": "city_refuse"},
}


@transaction.atomic
def review_evaluation(
    *,
    actor,
    evaluation: SmeEvaluation,
    level: str,
    decision: str,
    comment: str = "",
    corrections: dict | None = None,
    expected_version: int | None = None,
    today: date | None = None,
) -> SmeEvaluation:
    """Record the county's formal review or the city's review: pass, return for correction, or refuse.

    A return names each field to correct with its reason (``corrections``); the reasons
    are kept on the submission they answer, so the history shows every round.
    """
    try:
        name = REVIEW_TRANSITIONS[level][decision]
    except KeyError:
        raise InvalidInput(_("未知的审核操作。")) from None
    org = evaluation.organization
    comment = (comment or "").strip()
    if decision == "return":
        corrections = clean_corrections(corrections, CORRECTION_LABELS)
        listed = corrections_text(corrections, CORRECTION_LABELS)
        comment = f"{comment}\n{listed}".strip() if comment else listed
        run_transition(
            obj=evaluation,
            name=name,
            actor=actor,
            comment=comment,
            expected_version=version_of(expected_version),
            corrections=corrections,
        )
        SmeSubmission.objects.filter(evaluation=evaluation, round=evaluation.submission_count).update(
            returned_at=timezone.now(), returned_by=actor, corrections=corrections
        )
        hand_to_applicant(
            subject=evaluation,
            title=_("科技型中小企业评价被退回修改：请按意见修改后重新提交"),
            url=edit_url(evaluation),
            actor=actor,
        )
        tell_members(
            organization=org,
            title=_("%(year)s年科技型中小企业评价被退回修改") % {"year": evaluation.year},
            body=comment,
            url=edit_url(evaluation),
            actor=actor,
        )
        return evaluation

    run_transition(
        obj=evaluation, name=name, actor=actor, comment=comment, expected_version=version_of(expected_version)
    )
    if decision == "refuse":
        close_todos(subject=evaluation, actor=actor)
        tell_members(
            organization=org,
            title=_("%(year)s年科技型中小企业评价未通过审核") % {"year": evaluation.year},
            body=comment,
            url=detail_url(evaluation),
            actor=actor,
        )
    elif level == "county":
        hand_to_city(
            subject=evaluation,
            title=_("科技型中小企业评价待市级审核：%(org)s") % {"org": org.name},
            url=detail_url(evaluation),
            actor=actor,
            due_on=review_due(today),
        )
        tell_members(
            organization=org,
            title=_("%(year)s年科技型中小企业评价已通过县级审核，转市级审核") % {"year": evaluation.year},
            url=detail_url(evaluation),
            actor=actor,
        )
    else:
        hand_to_city(
            subject=evaluation,
            title=_("科技型中小企业评价待纳入公示批次：%(org)s") % {"org": org.name},
            url=reverse("certification:sme-batch-new"),
            actor=actor,
        )
        tell_members(
            organization=org,
            title=_("%(year)s年科技型中小企业评价已通过市级审核，等待公示") % {"year": evaluation.year},
            url=detail_url(evaluation),
            actor=actor,
        )
    return evaluation
