"""Pages of data-collection campaigns: staff build and watch them, organizations answer."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bureau.accounts.models import Role
from bureau.core.errors import DomainError
from bureau.core.excel import Column, Sheet, build_xlsx, xlsx_response
from bureau.core.scoping import get_visible_or_404
from bureau.core.workflow import progress_steps
from reports import answer_forms, campaign_filters, selectors
from reports.forms import CampaignFieldFormSet, campaign_form_class
from reports.models import Answer, Campaign
from reports.services import campaigns as services


def _require_staff(user):
    if not user.is_staff_member:
        raise PermissionDenied


def _require_runner(user):
    if not services.can_run_campaigns(user):
        raise PermissionDenied


@login_required
def campaign_list(request):
    """List campaigns with live completion (staff)."""
    _require_staff(request.user)
    campaigns = Campaign.objects.visible_to(request.user).select_related("department")
    status = request.GET.get("status", "")
    if status in Campaign.Status.values:
        campaigns = campaigns.filter(status=status)
    page = Paginator(campaigns, 20).get_page(request.GET.get("page"))
    counts = selectors.campaign_counts([c.pk for c in page.object_list])
    rows = [(c, *counts.get(c.pk, (0, 0))) for c in page.object_list]
    return render(
        request,
        "reports/campaign_list.html",
        {
            "page_obj": page,
            "rows": rows,
            "statuses": Campaign.Status.choices,
            "status": status,
            "can_run": services.can_run_campaigns(request.user),
        },
    )


def _field_initial(campaign):
    return [
        {
            "key": f.key,
            "label": f.label,
            "field_type": f.field_type,
            "required": f.required,
            "choices": f.choices,
            "help_text": f.help_text,
            "maps_to": f.maps_to,
        }
        for f in campaign.fields.all()
    ]


def _form_initial(campaign):
    initial = {
        "title": campaign.title,
        "kind": campaign.kind,
        "data_year": campaign.data_year,
        "opens_on": campaign.opens_on,
        "deadline": campaign.deadline,
        "description": campaign.description,
        "version": campaign.version,
    }
    for key, value in (campaign.target_filter or {}).items():
        initial[f"target_{key}"] = value
    return initial


@login_required
def campaign_edit(request, pk: int | None = None):
    """Create a campaign or change a draft: settings, target organizations and questions."""
    _require_runner(request.user)
    campaign = get_visible_or_404(Campaign.objects, request.user, pk=pk) if pk else None
    if campaign is not None and campaign.status != Campaign.Status.DRAFT:
        messages.error(request, _("任务已发布，不能再修改。"))
        return redirect("reports:campaign", campaign.pk)
    CampaignForm = campaign_form_class()
    if request.method == "POST":
        form = CampaignForm(request.POST)
        fields = CampaignFieldFormSet(request.POST, prefix="fields")
        if form.is_valid() and fields.is_valid():
            data = form.cleaned_data
            saved = services.save_campaign(
                actor=request.user,
                campaign=campaign,
                title=data["title"],
                kind=data["kind"],
                description=data["description"],
                data_year=data["data_year"],
                opens_on=data["opens_on"],
                deadline=data["deadline"],
                target_filter=form.target_filter(),
                expected_version=data.get("version"),
            )
            specs = [
                f.cleaned_data
                for f in fields.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("label")
            ]
            services.save_fields(actor=request.user, campaign=saved, fields=specs)
            messages.success(request, _("已保存草稿。检查填报对象和问题后即可发布。"))
            return redirect("reports:campaign", saved.pk)
    else:
        today = timezone.localdate()
        form = CampaignForm(
            initial=_form_initial(campaign) if campaign else {"opens_on": today, "kind": Campaign.Kind.SURVEY}
        )
        fields = CampaignFieldFormSet(initial=_field_initial(campaign) if campaign else None, prefix="fields")
    return render(request, "reports/campaign_form.html", {"form": form, "fields": fields, "campaign": campaign})


@login_required
def campaign_detail(request, pk: int):
    """Show a campaign: who it targets, its questions, live completion and the answers."""
    _require_staff(request.user)
    campaign = get_visible_or_404(Campaign.objects.select_related("created_by"), request.user, pk=pk)
    answers = Answer.objects.visible_to(request.user).filter(campaign=campaign)
    context = {
        "campaign": campaign,
        "steps": progress_steps(campaign),
        "filter_words": campaign_filters.describe(campaign.target_filter),
        "fields": list(campaign.fields.all()),
        "can_run": services.can_run_campaigns(request.user),
    }
    if campaign.status == Campaign.Status.DRAFT:
        context["preview_count"] = campaign_filters.matching_organizations(campaign.target_filter).count()
    else:
        context["stats"] = selectors.campaign_stats(campaign, answers)
        shown = request.GET.get("show", "")
        listed = answers.with_organization().order_by("organization__region__sort_order", "organization__name")
        if shown == "answered":
            listed = listed.answered()
        elif shown == "pending":
            listed = listed.unanswered()
        page = Paginator(listed, 30).get_page(request.GET.get("page"))
        context.update(
            page_obj=page,
            show=shown,
            answer_rows=[
                (a, [answer_forms.display(f, a.data) for f in context["fields"][:4]]) for a in page.object_list
            ],
        )
    return render(request, "reports/campaign_detail.html", context)


@login_required
@require_POST
def campaign_action(request, pk: int, action: str):
    """Publish, remind or close a campaign (city staff)."""
    _require_runner(request.user)
    campaign = get_visible_or_404(Campaign.objects, request.user, pk=pk)
    if action == "publish":
        n = services.publish_campaign(actor=request.user, campaign=campaign)
        messages.success(request, _("已发布，%(n)s 家单位将在待办事项中看到该任务。") % {"n": n})
    elif action == "remind":
        done = services.remind(actor=request.user, campaign=campaign)
        text = _("已向 %(n)s 家未填报单位发送催报消息（站内消息和邮件）。") % {"n": done.sent}
        if done.without_account:
            text += _("另有 %(n)s 家单位尚无平台账号，无法在线催报，请电话联系（见导出的填报情况）。") % {
                "n": done.without_account
            }
        messages.success(request, text)
    elif action == "close":
        services.close_campaign(actor=request.user, campaign=campaign)
        messages.success(request, _("已结束填报。"))
    else:
        raise PermissionDenied
    return redirect("reports:campaign", campaign.pk)


@login_required
def campaign_export(request, pk: int):
    """Download every answer the user may see, one column per question."""
    _require_staff(request.user)
    campaign = get_visible_or_404(Campaign.objects, request.user, pk=pk)
    fields = list(campaign.fields.all())
    answers = (
        Answer.objects.visible_to(request.user)
        .filter(campaign=campaign)
        .with_organization()
        .order_by("organization__region__sort_order", "organization__name")
    )
    columns = [
        Column(_("单位名称"), "organization__name", width=32),
        Column(_("统一社会信用代码"), "organization__uscc", width=22),
        Column(_("所在区划"), "organization__region__name", width=14),
        Column(_("填报状态"), lambda a: _("已填报") if a.is_answered else _("未填报"), width=10),
        Column(_("提交时间"), lambda a: timezone.localtime(a.submitted_at) if a.submitted_at else None, width=18),
        Column(_("提交人"), lambda a: str(a.submitted_by) if a.submitted_by else "", width=14),
    ]
    for spec in fields:
        unit = "（元）" if spec.field_type == spec.Type.MONEY else ""
        columns.append(
            Column(
                f"{spec.label}{unit}",
                lambda a, spec=spec: answer_forms.cell(spec, a.data),
                width=18,
                number_format="#,##0.00" if spec.field_type == spec.Type.MONEY else None,
            )
        )
    sheet = Sheet(title=_("填报情况"), columns=columns, rows=answers.iterator(chunk_size=500), note=campaign.title)
    return xlsx_response(build_xlsx([sheet]), f"{campaign.title}.xlsx")


@login_required
@require_POST
def answer_confirm(request, pk: int):
    """Confirm an organization's R&D filing (staff), against the versions the page showed."""
    _require_runner(request.user)
    answer = get_visible_or_404(Answer.objects.select_related("campaign", "organization"), request.user, pk=pk)
    try:
        services.confirm_answer(
            actor=request.user,
            answer=answer,
            expected_version=_version(request.POST.get("version")),
            year_version=_version(request.POST.get("year_version")),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已确认 %(org)s 的填报。") % {"org": answer.organization})
    return redirect("reports:answer", answer.pk)


def _version(text) -> int | None:
    return int(text) if (text or "").strip().isdigit() else None


def _year_comparison(answer, fields):
    """Return the recorded year (or None) and, per mapped question, (label, filed, recorded) to compare."""
    from bureau.core.formatting import yuan
    from reports.organization_years import INTEGER_FIELDS, current_year, year_field_choices

    year = current_year(answer, answer.campaign.data_year)
    labels = dict(year_field_choices())

    def recorded(name):
        value = getattr(year, name, None) if year is not None else None
        if value is None:
            return "—"
        return str(value) if name in INTEGER_FIELDS else f"{yuan(value)} 元"

    rows = [
        (labels.get(f.maps_to, f.maps_to), answer_forms.display(f, answer.data), recorded(f.maps_to))
        for f in fields
        if f.maps_to
    ]
    return year, rows


# --- The organization's side ---------------------------------------------------------


@login_required
def my_campaigns(request):
    """List the campaigns addressed to the user's organizations, to answer or see again."""
    if not request.user.has_role(Role.APPLICANT):
        raise PermissionDenied
    answers = (
        Answer.objects.filter(organization__memberships__user=request.user)
        .exclude(campaign__status=Campaign.Status.DRAFT)
        .select_related("campaign", "organization")
        .order_by("submitted_at", "campaign__deadline", "pk")
    )
    return render(request, "reports/my_campaigns.html", {"answers": answers, "today": timezone.localdate()})


@login_required
def answer(request, pk: int):
    """Answer a campaign for one's organization (or, for staff, read an organization's answer)."""
    answer = get_visible_or_404(
        Answer.objects.select_related("campaign", "organization", "submitted_by", "confirmed_by"), request.user, pk=pk
    )
    campaign = answer.campaign
    if campaign.status == Campaign.Status.DRAFT:
        raise PermissionDenied
    fields = list(campaign.fields.all())
    is_member = (
        request.user.has_role(Role.APPLICANT)
        and request.user.memberships.filter(organization=answer.organization).exists()
    )
    editable = is_member and campaign.accepts_answers and answer.confirmed_at is None
    can_confirm = (
        services.can_run_campaigns(request.user)
        and campaign.kind == Campaign.Kind.RD_FILING
        and answer.is_answered
        and answer.confirmed_at is None
    )
    year, comparison = _year_comparison(answer, fields) if can_confirm and campaign.data_year else (None, [])
    Form = answer_forms.answer_form_class(fields)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        form = Form(request.POST)
        if form.is_valid():
            try:
                services.submit_answer(
                    actor=request.user,
                    answer=answer,
                    data=answer_forms.to_json(fields, form.cleaned_data),
                    expected_version=form.cleaned_data["version"],
                )
            except DomainError as exc:
                # Keep what was typed on the page; say why it was not saved.
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("已提交。截止日期前可以随时修改。"))
                return redirect("reports:answer", answer.pk)
    else:
        form = Form(initial={**answer_forms.initial(fields, answer.data), "version": answer.version})
    return render(
        request,
        "reports/answer.html",
        {
            "answer": answer,
            "campaign": campaign,
            "form": form,
            "editable": editable,
            "shown": [(f, answer_forms.display(f, answer.data)) for f in fields],
            "can_confirm": can_confirm,
            "year": year,
            "comparison": comparison,
        },
    )
