"""Writes about data-collection campaigns (填报任务): create, publish, answer, remind, close.

Publishing snapshots the targeted organizations (one ``Answer`` each) and opens one
to-do per organization for its members. An organization answers once and may change
its answer until the deadline; an edit made on a stale copy is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from bureau.accounts.models import Role
from bureau.core.errors import ActionNotPermitted, InvalidInput, InvalidTransition, StaleObject
from bureau.core.workflow import run_transition
from bureau.inbox.services import close_todos, notify, open_todo
from reports import campaign_filters
from reports.models import Answer, Campaign, CampaignField

RUNNERS = {Role.CITY_STAFF, Role.ADMINISTRATOR}


def can_run_campaigns(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.roles & RUNNERS)


def _require_runner(actor) -> None:
    if not can_run_campaigns(actor):
        raise ActionNotPermitted()


def _require_draft(campaign: Campaign) -> None:
    if campaign.status != Campaign.Status.DRAFT:
        raise InvalidTransition(_("任务已发布，不能再修改填报内容和对象。"))


def _clean_filter(data: dict) -> dict:
    known = {f.key for f in campaign_filters.filters()}
    return {k: v for k, v in (data or {}).items() if k in known and v not in (None, "", [])}


@transaction.atomic
def save_campaign(
    *,
    actor,
    campaign: Campaign | None = None,
    title: str,
    kind: str,
    description: str = "",
    data_year: int | None = None,
    opens_on: date,
    deadline: date,
    target_filter: dict,
    expected_version: int | None = None,
) -> Campaign:
    """Create a draft campaign or change a draft's settings."""
    _require_runner(actor)
    if campaign is None:
        campaign = Campaign(created_by=actor, department=getattr(actor, "department", None))
    else:
        _require_draft(campaign)
        if expected_version is not None and campaign.version != int(expected_version):
            raise StaleObject()
    campaign.title = title
    campaign.kind = kind
    campaign.description = description
    campaign.data_year = data_year
    campaign.opens_on = opens_on
    campaign.deadline = deadline
    campaign.target_filter = _clean_filter(target_filter)
    campaign.full_clean()
    campaign.save()
    return campaign


@transaction.atomic
def save_fields(*, actor, campaign: Campaign, fields: list[dict]) -> list[CampaignField]:
    """Replace a draft campaign's questions with ``fields`` (in order); keep existing keys.

    Each dict has label, field_type, required, choices, help_text and, for a question
    that already exists, its ``key``. Questions not listed are removed.
    """
    _require_runner(actor)
    _require_draft(campaign)
    existing = {f.key: f for f in campaign.fields.all()}
    used = set(existing)
    kept = []
    for order, spec in enumerate(fields, start=1):
        field = existing.get(spec.get("key") or "")
        if field is None:
            field = CampaignField(campaign=campaign, key=_new_key(spec["label"], used))
            used.add(field.key)
        field.label = spec["label"]
        field.field_type = spec["field_type"]
        field.required = bool(spec.get("required", True))
        field.choices = spec.get("choices", "")
        field.help_text = spec.get("help_text", "")
        field.maps_to = spec.get("maps_to", "") if campaign.kind == Campaign.Kind.RD_FILING else ""
        field.order = order
        if field.field_type == CampaignField.Type.CHOICE and len(field.choice_list) < 2:
            raise InvalidInput(
                _("单选题“%(label)s”至少需要两个选项，每行一个。") % {"label": field.label},
                fields={"choices": _("至少两个选项")},
            )
        field.full_clean()
        field.save()
        kept.append(field)
    campaign.fields.exclude(pk__in=[f.pk for f in kept]).delete()
    return kept


def _new_key(label: str, used: set[str]) -> str:
    base = slugify(label, allow_unicode=False)[:20] or "q"
    n = 1
    while f"{base}{n}" in used:
        n += 1
    return f"{base}{n}"


def _answer_url(answer: Answer) -> str:
    return reverse("reports:answer", args=[answer.pk])


@transaction.atomic
def publish_campaign(*, actor, campaign: Campaign) -> int:
    """Open the campaign: one answer and one to-do per targeted organization; return how many."""
    _require_runner(actor)
    if not campaign.fields.exists():
        raise InvalidInput(_("请先添加至少一个填报项目。"))
    if campaign.deadline < timezone.localdate():
        raise InvalidInput(_("截止日期已过，请先修改截止日期。"))
    organizations = list(
        campaign_filters.matching_organizations(campaign.target_filter).prefetch_related("memberships__user")
    )
    if not organizations:
        raise InvalidInput(_("没有符合条件的填报单位，请调整填报对象。"))
    run_transition(obj=campaign, name="publish", actor=actor)
    answers = Answer.objects.bulk_create([Answer(campaign=campaign, organization=o) for o in organizations])
    title = _("请填报：%(title)s") % {"title": campaign.title}
    for answer, organization in zip(answers, organizations, strict=True):
        members = [m.user for m in organization.memberships.all()]
        if members:
            open_todo(
                title=title,
                url=_answer_url(answer),
                subject=answer,
                users=members,
                due_on=campaign.deadline,
                actor=actor,
            )
    return len(answers)


@transaction.atomic
def submit_answer(*, actor, answer: Answer, data: dict, expected_version: int) -> Answer:
    """Save an organization's answer (first time or a change before the deadline)."""
    if not actor.has_role(Role.APPLICANT) or not actor.memberships.filter(organization=answer.organization).exists():
        raise ActionNotPermitted()
    campaign = answer.campaign
    if not campaign.accepts_answers:
        raise InvalidTransition(_("该填报任务已截止或已结束，不能再提交或修改。"))
    if answer.confirmed_at is not None:
        raise InvalidTransition(_("该填报已由市局确认，如需修改请联系市局。"))
    if answer.version != int(expected_version):
        raise StaleObject(_("本单位的填报已被同事修改，请刷新页面查看最新内容后再修改。"))
    first = answer.submitted_at is None
    answer.data = data
    answer.submitted_at = timezone.now()
    answer.submitted_by = actor
    answer.full_clean()
    answer.save(update_fields=["data", "submitted_at", "submitted_by"])
    if first:
        close_todos(subject=answer, actor=actor)
    return answer


@dataclass(frozen=True)
class Reminded:
    """How many unanswered organizations were reminded, and how many have no account to remind."""

    sent: int
    without_account: int


@transaction.atomic
def remind(*, actor, campaign: Campaign) -> Reminded:
    """Remind every organization that has not answered (inbox, and e-mail as each prefers)."""
    _require_runner(actor)
    if campaign.status != Campaign.Status.OPEN:
        raise InvalidTransition(_("只有填报中的任务可以催报。"))
    pending = (
        campaign.answers.unanswered().select_related("organization").prefetch_related("organization__memberships__user")
    )
    reminded = without_account = 0
    for answer in pending:
        members = [m.user for m in answer.organization.memberships.all()]
        if not members:
            without_account += 1
            continue
        notify(
            recipients=members,
            title=_("催报：请在 %(date)s 前完成“%(title)s”") % {"date": campaign.deadline, "title": campaign.title},
            body=_("贵单位尚未填报“%(title)s”。请登录平台填报，截止日期 %(date)s。")
            % {"title": campaign.title, "date": campaign.deadline},
            url=_answer_url(answer),
            actor=actor,
        )
        reminded += 1
    campaign.last_reminded_at = timezone.now()
    campaign.save(update_fields=["last_reminded_at"])
    return Reminded(sent=reminded, without_account=without_account)


@transaction.atomic
def close_campaign(*, actor, campaign: Campaign) -> None:
    """End the campaign: no more answers; every open to-do about it is closed."""
    _require_runner(actor)
    run_transition(obj=campaign, name="close", actor=actor)
    for answer in campaign.answers.unanswered():
        close_todos(subject=answer, actor=actor)


@transaction.atomic
def confirm_answer(
    *, actor, answer: Answer, expected_version: int | None = None, year_version: int | None = None
) -> Answer:
    """Confirm an R&D filing's answer (staff) and write its figures into the organization's year.

    The questions mapped to yearly figures (``CampaignField.maps_to``) fill the
    organization's data for the campaign's ``data_year``, written by the registry's
    ``record_year_from_filing`` in the confirmer's name; afterwards the organization can
    no longer change the answer. ``expected_version`` is the answer's version and
    ``year_version`` the yearly row's (0 when there was none) as the confirmer saw them:
    either changed since is refused. Nothing is confirmed when the figures cannot be written.
    """
    from reports import organization_years

    _require_runner(actor)
    campaign = answer.campaign
    if campaign.kind != Campaign.Kind.RD_FILING:
        raise InvalidInput(_("只有研发投入数据填报需要确认。"))
    if answer.submitted_at is None:
        raise InvalidInput(_("该单位尚未填报。"))
    if answer.confirmed_at is not None:
        return answer
    if expected_version is not None and answer.version != int(expected_version):
        raise StaleObject(_("该单位在您查看后修改了填报内容，请刷新核对后再确认。"))
    values = organization_years.values_from(answer, campaign.fields.all())
    if values and campaign.data_year:
        organization_years.write(
            actor=actor, answer=answer, year=campaign.data_year, values=values, expected_version=year_version
        )
    answer.confirmed_at = timezone.now()
    answer.confirmed_by = actor
    answer.full_clean()
    answer.save(update_fields=["confirmed_at", "confirmed_by"])
    return answer
