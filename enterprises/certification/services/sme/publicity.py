"""Public notice (公示) of city-passed SME evaluations: open a batch, and act on each line's outcome."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from bureau.core.errors import InvalidInput
from bureau.core.workflow import run_transition
from bureau.inbox.services import close_todos
from bureau.publicity.services import PublicityEntry, open_publicity

from ...models import SmeEvaluation
from ...policy import CURRENT
from ..common import ensure_city_officer, hand_to_city, tell_members
from .evaluation import detail_url


def next_batch_title(year: int) -> str:
    """Return the title of the next SME public notice of ``year`` (第 N 批)."""
    from bureau.publicity.models import Publicity

    prefix = f"{year}年第"
    made = Publicity.objects.filter(source="sme", title__startswith=prefix).count()
    return _("%(year)s年第%(n)s批科技型中小企业入库公示") % {"year": year, "n": made + 1}


@transaction.atomic
def open_batch(
    *,
    actor,
    evaluation_ids: list[int],
    title: str = "",
    starts_on: date | None = None,
    contact: str = "",
):
    """Put the chosen city-passed evaluations in one public notice (公示, 10 working days)."""
    ensure_city_officer(actor)
    evaluations = list(
        SmeEvaluation.objects.select_for_update(of=("self",))
        .filter(pk__in=list(evaluation_ids))
        .select_related("organization", "organization__region")
        .order_by("organization__region__sort_order", "organization__name", "pk")
    )
    if not evaluations:
        raise InvalidInput(_("请选择要纳入公示的企业。"), fields={"evaluations": _("至少选择一家")})
    not_ready = [e.organization.name for e in evaluations if e.status != SmeEvaluation.Status.CITY_PASSED]
    if not_ready:
        raise InvalidInput(_("以下企业不是“待公示”状态，不能纳入公示：%(names)s") % {"names": "、".join(not_ready)})
    years = {e.year for e in evaluations}
    if len(years) > 1:
        raise InvalidInput(_("同一批公示只能包含同一评价年度的企业。"))
    year = years.pop()
    title = (title or "").strip() or next_batch_title(year)
    days = CURRENT.publicity_working_days
    body = _(
        "根据《科技型中小企业评价办法》（国科发政〔2017〕115号），经企业自主评价、县市区科技局形式审查和市科技局审核，"
        "现将以下 %(n)s 家企业予以公示，公示期为 %(days)s 个工作日。对公示企业有异议的，请在公示期内实名提出，"
        "并提供必要的证明材料。"
    ) % {"n": len(evaluations), "days": days}
    publicity = open_publicity(
        actor=actor,
        title=title,
        source="sme",
        columns=[_("企业名称"), _("统一社会信用代码"), _("所在县市区")],
        entries=[
            PublicityEntry(
                subject=e,
                name=e.organization.name,
                values=[e.organization.name, e.organization.uscc, e.organization.region.name],
            )
            for e in evaluations
        ],
        body=body,
        department=actor.department,
        starts_on=starts_on,
        working_days=days,
        contact=contact,
    )
    for evaluation in evaluations:
        run_transition(obj=evaluation, name="publish", actor=actor, publicity=publicity)
        close_todos(subject=evaluation, actor=actor)
        tell_members(
            organization=evaluation.organization,
            title=_("%(year)s年科技型中小企业评价已进入公示") % {"year": evaluation.year},
            body=_("公示期至 %(end)s。") % {"end": publicity.ends_on.isoformat()},
            url=detail_url(evaluation),
            actor=actor,
        )
    return publicity


@transaction.atomic
def publicity_cleared(*, evaluation_id: int) -> SmeEvaluation | None:
    """Move an evaluation on when its public-notice line cleared; a second call does nothing."""
    evaluation = (
        SmeEvaluation.objects.select_for_update(of=("self",)).select_related("organization").get(pk=evaluation_id)
    )
    if evaluation.status != SmeEvaluation.Status.PUBLICIZING:
        return None
    run_transition(obj=evaluation, name="clear", actor=None)
    hand_to_city(
        subject=evaluation,
        title=_("公示期满无异议，请登记入库编号：%(org)s") % {"org": evaluation.organization.name},
        url=detail_url(evaluation),
    )
    tell_members(
        organization=evaluation.organization,
        title=_("%(year)s年科技型中小企业评价公示期满无异议，等待登记入库编号") % {"year": evaluation.year},
        url=detail_url(evaluation),
    )
    return evaluation


@transaction.atomic
def publicity_rejected(*, evaluation_id: int) -> SmeEvaluation | None:
    """Refuse an evaluation whose public-notice line had an objection upheld."""
    evaluation = (
        SmeEvaluation.objects.select_for_update(of=("self",)).select_related("organization").get(pk=evaluation_id)
    )
    if evaluation.status != SmeEvaluation.Status.PUBLICIZING:
        return None
    reason = _("公示期间收到异议，经核查异议成立。")
    run_transition(obj=evaluation, name="reject_by_objection", actor=None, comment=reason)
    close_todos(subject=evaluation)
    tell_members(
        organization=evaluation.organization,
        title=_("%(year)s年科技型中小企业评价未通过：公示异议成立") % {"year": evaluation.year},
        body=reason,
        url=detail_url(evaluation),
    )
    return evaluation
