"""Writes of SME evaluation (科技型中小企业评价): one function per business action.

Every status change goes through ``run_transition`` (permission, state, stale version,
log); the functions here check what the rules need first, keep the history of each
submission, and hand the to-do to whoever acts next.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bureau import calendar
from bureau.core.errors import InvalidInput, InvalidTransition, StaleObject
from bureau.core.workflow import run_transition
from bureau.inbox.services import close_todos
from bureau.publicity.services import PublicityEntry, open_publicity
from enterprises.rules import sme as sme_rules
from enterprises.services import ensure_can_submit, save_year, take_snapshot

from ..models import SmeEvaluation, SmeSubmission
from ..policy import CURRENT, sme_number_problem, sme_valid_until
from ..selectors import SmeProfile, evaluation_facts, sme_profile
from .common import (
    clean_corrections,
    corrections_text,
    ensure_city_officer,
    ensure_member,
    ensure_result_recorder,
    hand_to_applicant,
    hand_to_city,
    hand_to_county,
    tell_members,
    url_of,
)

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
EDITABLE_FIELDS = (*SmeEvaluation.FIGURE_FIELDS, "rd_measure", "contact_name", "contact_phone", "declaration")
DERIVED_FIELDS = (
    "class1_ip",
    "class2_ip",
    "facts",
    "staff_score",
    "rd_score",
    "ip_score",
    "total_score",
    "eligible",
    "direct",
    "qualified",
)


def allowed_years(today: date | None = None) -> list[int]:
    """Return the evaluation years an enterprise may open now: this year (and next, in December)."""
    today = today or timezone.localdate()
    return [today.year, today.year + 1] if today.month == 12 else [today.year]


def _detail_url(evaluation) -> str:
    return url_of("certification:sme-detail", evaluation.pk)


def _edit_url(evaluation) -> str:
    return url_of("certification:sme-edit", evaluation.pk)


def _review_due(today=None) -> date:
    return calendar.add_working_days(today or timezone.localdate(), CURRENT.review_working_days)


def ensure_not_barred(organization, year: int) -> None:
    """Refuse an evaluation in a year barred by a revocation (撤销当年不得再次申请)."""
    revoked = (
        SmeEvaluation.objects.filter(organization=organization, status=SmeEvaluation.Status.REVOKED, barred_year=year)
        .order_by("-revoked_at")
        .first()
    )
    if revoked is not None:
        raise InvalidInput(
            _(
                "本单位 %(old)s 年度的科技型中小企业入库登记已被撤销（原因：%(reason)s），"
                "%(year)s 年度不得再次申请评价。"
            )
            % {"old": revoked.year, "reason": revoked.revoke_reason, "year": year}
        )


def _apply_profile(evaluation: SmeEvaluation, profile: SmeProfile) -> None:
    evaluation.class1_ip = profile.class1_ip
    evaluation.class2_ip = profile.class2_ip
    evaluation.facts = profile.facts_json()


def _score(evaluation: SmeEvaluation) -> sme_rules.SmeResult:
    result = sme_rules.evaluate(evaluation_facts(evaluation))
    evaluation.staff_score = result.staff_score
    evaluation.rd_score = result.rd_score
    evaluation.ip_score = result.ip_score
    evaluation.total_score = result.total
    evaluation.eligible = result.eligible
    evaluation.direct = result.direct
    evaluation.qualified = result.qualified
    return result


def _check_version(evaluation, expected_version) -> None:
    if expected_version not in (None, "") and evaluation.version != int(expected_version):
        raise StaleObject()


@transaction.atomic
def start_evaluation(*, actor, organization, year: int, today: date | None = None) -> SmeEvaluation:
    """Open a new evaluation of ``organization`` for ``year``, prefilled from its profile."""
    today = today or timezone.localdate()
    ensure_member(actor, organization)
    if year not in allowed_years(today):
        raise InvalidInput(
            _("现在只能填报 %(years)s 年度的评价。") % {"years": "、".join(str(y) for y in allowed_years(today))},
            fields={"year": _("年度不可选")},
        )
    ensure_not_barred(organization, year)
    existing = SmeEvaluation.objects.live().filter(organization=organization, year=year).first()
    if existing is not None:
        raise InvalidInput(
            _("本单位 %(year)s 年度的评价已经创建（%(status)s），请在列表中继续办理。")
            % {"year": year, "status": existing.get_status_display()}
        )
    profile = sme_profile(organization, year, today=today)
    evaluation = SmeEvaluation(
        organization=organization,
        year=year,
        created_by=actor,
        contact_name=organization.contact_name,
        contact_phone=organization.contact_phone,
        **profile.initial_figures(),
    )
    _apply_profile(evaluation, profile)
    _score(evaluation)
    evaluation.full_clean()
    evaluation.save()
    return evaluation


@transaction.atomic
def save_evaluation(
    *,
    actor,
    evaluation: SmeEvaluation,
    values: dict,
    expected_version: int | None = None,
    sync_profile: bool = False,
    today: date | None = None,
) -> SmeEvaluation:
    """Save the enterprise's figures and choices; rescore from the profile's IP and facts.

    With ``sync_profile`` the figures are also written to the profile's data of the year
    before (when that year is filled), so the profile stays the one source (最多填一次).
    """
    ensure_member(actor, evaluation.organization)
    if not evaluation.is_editable:
        raise InvalidTransition(_("评价已提交，不能再修改；如需修改请等待审核退回。"))
    _check_version(evaluation, expected_version)
    for name in EDITABLE_FIELDS:
        if name in values:
            setattr(evaluation, name, values[name] if values[name] is not None else getattr(evaluation, name))
    profile = sme_profile(evaluation.organization, evaluation.year, today=today)
    _apply_profile(evaluation, profile)
    _score(evaluation)
    evaluation.full_clean()
    evaluation.save(update_fields=[*EDITABLE_FIELDS, *DERIVED_FIELDS, "updated_at"])
    if sync_profile and profile.profile.has_year_data:
        _sync_profile(actor, evaluation, profile)
    return evaluation


def _sync_profile(actor, evaluation: SmeEvaluation, profile: SmeProfile) -> None:
    current = profile.initial_figures()
    changed = {
        name: getattr(evaluation, name)
        for name in SmeEvaluation.FIGURE_FIELDS
        if current.get(name) is not None and current[name] != getattr(evaluation, name)
    }
    if not changed:
        return
    try:
        save_year(actor=actor, organization=evaluation.organization, year=evaluation.data_year, values=changed)
    except ValidationError as exc:
        messages = exc.messages if hasattr(exc, "messages") else [str(exc)]
        raise InvalidInput(
            _("评价已保存，但同步更新单位 %(year)s 年度数据未成功：%(why)s")
            % {"year": evaluation.data_year, "why": "；".join(messages)}
        ) from None


def figures_json(evaluation: SmeEvaluation) -> dict:
    """Return the figures as submitted: money with two decimals, counts as numbers."""
    money = ("revenue", "total_cost", "total_assets", "rd_total")
    data = {name: f"{Decimal(getattr(evaluation, name)):.2f}" for name in money}
    data.update(
        {name: getattr(evaluation, name) for name in ("staff_total", "sci_tech_staff", "class1_ip", "class2_ip")}
    )
    data["rd_measure"] = evaluation.rd_measure
    return data


def result_json(result: sme_rules.SmeResult) -> dict:
    return {
        "staff_score": result.staff_score,
        "rd_score": result.rd_score,
        "ip_score": result.ip_score,
        "total": result.total,
        "rd_measure": str(result.rd_measure),
        "eligible": result.eligible,
        "direct": result.direct,
        "qualified": result.qualified,
        "reasons": list(result.reasons),
    }


@transaction.atomic
def submit_evaluation(
    *, actor, evaluation: SmeEvaluation, expected_version: int | None = None, today: date | None = None
) -> SmeEvaluation:
    """Submit (or resubmit) the evaluation: freeze the profile, keep this round, hand it to the county."""
    today = today or timezone.localdate()
    ensure_member(actor, evaluation.organization)
    ensure_can_submit(evaluation.organization)
    ensure_not_barred(evaluation.organization, evaluation.year)
    _check_version(evaluation, expected_version)
    if not evaluation.is_editable:
        raise InvalidTransition()
    _apply_profile(evaluation, sme_profile(evaluation.organization, evaluation.year, today=today))
    result = _score(evaluation)
    if not evaluation.declaration:
        raise InvalidInput(_("请阅读并勾选承诺事项后再提交。"), fields={"declaration": _("提交前须勾选")})
    if not result.qualified:
        raise InvalidInput(
            _("自评结果未达到科技型中小企业条件，暂不能提交：%(why)s") % {"why": "；".join(result.reasons)}
        )
    evaluation.save(update_fields=[*DERIVED_FIELDS, "updated_at"])
    snapshot = take_snapshot(
        actor=actor, organization=evaluation.organization, year=evaluation.data_year, purpose="sme"
    )
    SmeSubmission.objects.create(
        evaluation=evaluation,
        round=evaluation.submission_count + 1,
        submitted_by=actor,
        snapshot=snapshot,
        figures=figures_json(evaluation),
        result=result_json(result),
    )
    again = evaluation.status == SmeEvaluation.Status.RETURNED
    run_transition(
        obj=evaluation, name="submit", actor=actor, comment=_("修改后重新提交") if again else "", snapshot=snapshot
    )
    hand_to_county(
        subject=evaluation,
        title=_("科技型中小企业评价待县级审核：%(org)s") % {"org": evaluation.organization.name},
        url=_detail_url(evaluation),
        actor=actor,
        due_on=_review_due(today),
    )
    return evaluation


@transaction.atomic
def withdraw_evaluation(*, actor, evaluation: SmeEvaluation, expected_version: int | None = None) -> SmeEvaluation:
    """Withdraw a submitted or returned evaluation; it no longer blocks a new one for its year."""
    run_transition(obj=evaluation, name="withdraw", actor=actor, expected_version=_version(expected_version))
    close_todos(subject=evaluation, actor=actor)
    return evaluation


def _version(expected_version):
    return int(expected_version) if expected_version not in (None, "") else None


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
            expected_version=_version(expected_version),
            corrections=corrections,
        )
        SmeSubmission.objects.filter(evaluation=evaluation, round=evaluation.submission_count).update(
            returned_at=timezone.now(), returned_by=actor, corrections=corrections
        )
        hand_to_applicant(
            subject=evaluation,
            title=_("科技型中小企业评价被退回修改：请按意见修改后重新提交"),
            url=_edit_url(evaluation),
            actor=actor,
        )
        tell_members(
            organization=org,
            title=_("%(year)s年科技型中小企业评价被退回修改") % {"year": evaluation.year},
            body=comment,
            url=_edit_url(evaluation),
            actor=actor,
        )
        return evaluation

    run_transition(obj=evaluation, name=name, actor=actor, comment=comment, expected_version=_version(expected_version))
    if decision == "refuse":
        close_todos(subject=evaluation, actor=actor)
        tell_members(
            organization=org,
            title=_("%(year)s年科技型中小企业评价未通过审核") % {"year": evaluation.year},
            body=comment,
            url=_detail_url(evaluation),
            actor=actor,
        )
    elif level == "county":
        hand_to_city(
            subject=evaluation,
            title=_("科技型中小企业评价待市级审核：%(org)s") % {"org": org.name},
            url=_detail_url(evaluation),
            actor=actor,
            due_on=_review_due(today),
        )
        tell_members(
            organization=org,
            title=_("%(year)s年科技型中小企业评价已通过县级审核，转市级审核") % {"year": evaluation.year},
            url=_detail_url(evaluation),
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
            url=_detail_url(evaluation),
            actor=actor,
        )
    return evaluation


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
            url=_detail_url(evaluation),
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
        url=_detail_url(evaluation),
    )
    tell_members(
        organization=evaluation.organization,
        title=_("%(year)s年科技型中小企业评价公示期满无异议，等待登记入库编号") % {"year": evaluation.year},
        url=_detail_url(evaluation),
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
        url=_detail_url(evaluation),
    )
    return evaluation


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
                expected_version=_version(expected_version),
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
        url=_detail_url(evaluation),
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
        expected_version=_version(expected_version),
        barred_year=barred_year,
    )
    close_todos(subject=evaluation, actor=actor)
    tell_members(
        organization=evaluation.organization,
        title=_("科技型中小企业入库登记已被撤销"),
        body=_("原因：%(reason)s。%(year)s 年度不得再次申请评价。") % {"reason": reason, "year": barred_year},
        url=_detail_url(evaluation),
        actor=actor,
    )
    return evaluation
