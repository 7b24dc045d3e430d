"""Enterprise side of SME evaluation (科技型中小企业评价): open, fill in, score, submit, withdraw."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bureau.core.errors import InvalidInput, InvalidTransition
from bureau.core.workflow import run_transition
from bureau.inbox.services import close_todos
from enterprises.rules import sme as sme_rules
from enterprises.services import ensure_can_submit, save_year, take_snapshot

from ...models import SmeEvaluation, SmeSubmission
from ...selectors import SmeProfile, evaluation_facts, sme_profile
from ..common import allowed_years, check_version, ensure_member, hand_to_county, review_due, url_of, version_of

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


def detail_url(evaluation) -> str:
    return url_of("certification:sme-detail", evaluation.pk)


def edit_url(evaluation) -> str:
    return url_of("certification:sme-edit", evaluation.pk)


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
    check_version(evaluation, expected_version)
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
    check_version(evaluation, expected_version)
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
        url=detail_url(evaluation),
        actor=actor,
        due_on=review_due(today),
    )
    return evaluation


@transaction.atomic
def withdraw_evaluation(*, actor, evaluation: SmeEvaluation, expected_version: int | None = None) -> SmeEvaluation:
    """Withdraw a submitted or returned evaluation; it no longer blocks a new one for its year."""
    run_transition(obj=evaluation, name="withdraw", actor=actor, expected_version=version_of(expected_version))
    close_todos(subject=evaluation, actor=actor)
    return evaluation
