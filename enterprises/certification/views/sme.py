"""Pages of SME evaluation (科技型中小企业评价): the enterprise's form with a live score, review, batches."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bureau.core.errors import DomainError
from bureau.core.excel import xlsx_response
from bureau.core.jobs import start_job
from bureau.core.scoping import get_visible_or_404
from bureau.core.workflow import available_transitions, progress_log
from bureau.publicity.models import Publicity
from enterprises.rules import sme as sme_rules

from .. import permissions as perm
from ..exports import DIRECT_EXPORT_LIMIT, TITLES, export_filename, list_xlsx
from ..forms import BatchForm, RevokeForm, SmeEvaluationForm, SmeFilterForm, SmeNumberForm, SmeReviewForm, SmeStartForm
from ..models import SmeEvaluation
from ..selectors import evaluation_gaps, evaluation_result, sme_facts, sme_profile, step_bar
from ..services import sme as services
from .common import add_errors, applicant_required, base_query, ordering, page_of, staff_required

REVIEW_LEVEL = {SmeEvaluation.Status.SUBMITTED: "county", SmeEvaluation.Status.COUNTY_PASSED: "city"}


# --- The enterprise ------------------------------------------------------------------------------


@applicant_required
def sme_list(request):
    """The enterprise's evaluations, year by year, and the button to start this year's."""
    evaluations = list(SmeEvaluation.objects.filter(organization=request.organization).order_by("-year", "-pk"))
    today = timezone.localdate()
    open_years = {e.year for e in evaluations if e.status not in SmeEvaluation.CLOSED_STATES}
    startable = [y for y in services.allowed_years(today) if y not in open_years]
    return render(
        request,
        "certification/sme/my_list.html",
        {
            "organization": request.organization,
            "evaluations": evaluations,
            "start_form": SmeStartForm(initial={"year": startable[0]}) if startable else None,
            "today": today,
        },
    )


@applicant_required
@require_POST
def sme_start(request):
    form = SmeStartForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择评价年度。"))
        return redirect("certification:sme-list")
    evaluation = services.start_evaluation(
        actor=request.user, organization=request.organization, year=form.cleaned_data["year"]
    )
    messages.success(request, _("已按单位资料预填 %(year)s 年度数据，请核对后提交。") % {"year": evaluation.data_year})
    return redirect("certification:sme-edit", evaluation.pk)


def _values(data) -> dict:
    """Read the figures typed so far, leniently: what cannot be read counts as empty."""
    values = {}
    for name in SmeEvaluation.FIGURE_FIELDS:
        raw = (data.get(name) or "").replace(",", "").strip()
        try:
            values[name] = Decimal(raw) if raw else None
        except InvalidOperation:
            values[name] = None
    for name in ("staff_total", "sci_tech_staff"):
        if values[name] is not None:
            values[name] = int(values[name]) if values[name] >= 0 else 0
    return values


def _preview(evaluation: SmeEvaluation, data) -> sme_rules.SmeResult:
    measure = data.get("rd_measure", "")
    return sme_rules.evaluate(
        sme_facts(
            _values(data),
            evaluation.facts or {},
            class1_ip=evaluation.class1_ip,
            class2_ip=evaluation.class2_ip,
            rd_measure=measure if measure in SmeEvaluation.RdMeasure.values else "",
        )
    )


def _member_editable_or_redirect(request, evaluation):
    if not perm.is_member_of(request.user, evaluation.organization_id):
        return redirect("certification:sme-detail", evaluation.pk)
    if not evaluation.is_editable:
        messages.info(request, _("该评价已提交，当前不能修改。"))
        return redirect("certification:sme-detail", evaluation.pk)
    return None


@applicant_required
def sme_edit(request, pk: int):
    """The information form, prefilled from the profile, with the live score beside it."""
    evaluation = get_visible_or_404(SmeEvaluation.objects.with_relations(), request.user, pk=pk)
    bounce = _member_editable_or_redirect(request, evaluation)
    if bounce:
        return bounce
    profile = sme_profile(evaluation.organization, evaluation.year)
    if request.method == "POST":
        form = SmeEvaluationForm(request.POST, instance=evaluation)
        action = request.POST.get("action", "save")
        if form.is_valid():
            try:
                services.save_evaluation(
                    actor=request.user,
                    evaluation=evaluation,
                    values=form.cleaned_data,
                    expected_version=form.cleaned_data.get("version"),
                    sync_profile=form.cleaned_data.get("sync_profile", False),
                )
                if action == "submit":
                    services.submit_evaluation(actor=request.user, evaluation=evaluation)
                    messages.success(request, _("评价已提交，等待县市区科技局审核。"))
                    return redirect("certification:sme-detail", evaluation.pk)
                messages.success(request, _("已保存 %(time)s") % {"time": timezone.localtime().strftime("%H:%M")})
                return redirect("certification:sme-edit", evaluation.pk)
            except (DomainError, ValidationError) as exc:
                # What was saved stays saved; the form keeps what was typed, on the new version.
                data = request.POST.copy()
                data["version"] = str(SmeEvaluation.objects.get(pk=evaluation.pk).version)
                form = SmeEvaluationForm(data, instance=SmeEvaluation.objects.get(pk=evaluation.pk))
                form.is_valid()
                add_errors(form, exc)
        result = _preview(evaluation, request.POST)
    else:
        form = SmeEvaluationForm(instance=evaluation)
        result = evaluation_result(evaluation)
    return render(
        request,
        "certification/sme/edit.html",
        {
            "evaluation": evaluation,
            "organization": evaluation.organization,
            "form": form,
            "result": result,
            "gaps": evaluation_gaps(evaluation) if request.method == "GET" else [],
            "profile": profile,
            "corrections": [
                (services.CORRECTION_LABELS.get(k, k), v) for k, v in (evaluation.corrections or {}).items()
            ],
            "correction_fields": set((evaluation.corrections or {}).keys()),
            "figure_fields": [form[name] for name in SmeEvaluation.FIGURE_FIELDS],
            "steps": step_bar(evaluation),
        },
    )


@applicant_required
@require_POST
def sme_preview(request, pk: int):
    """Return the score panel for the figures typed so far (htmx, as the user edits)."""
    evaluation = get_visible_or_404(SmeEvaluation.objects.all(), request.user, pk=pk)
    if not perm.is_member_of(request.user, evaluation.organization_id):
        raise PermissionDenied
    result = _preview(evaluation, request.POST)
    values = _values(request.POST)
    facts = sme_facts(
        values,
        evaluation.facts or {},
        class1_ip=evaluation.class1_ip,
        class2_ip=evaluation.class2_ip,
        rd_measure=request.POST.get("rd_measure", "")
        if request.POST.get("rd_measure") in SmeEvaluation.RdMeasure.values
        else "",
    )
    return render(
        request,
        "certification/sme/_score.html",
        {"result": result, "gaps": sme_rules.score_gaps(facts), "evaluation": evaluation, "live": True},
    )


# --- Detail, review and the steps after it -----------------------------------------------------


def _detail_context(request, evaluation, **forms):
    user = request.user
    names = {o.name for o in available_transitions(evaluation, user)}
    level = REVIEW_LEVEL.get(evaluation.status)
    can_review = bool(level) and bool(names & set(services.REVIEW_TRANSITIONS[level].values()))
    today = timezone.localdate()
    submissions = list(evaluation.submissions.select_related("submitted_by", "returned_by").order_by("-round"))
    for s in submissions:
        s.correction_items = [(services.CORRECTION_LABELS.get(k, k), v) for k, v in (s.corrections or {}).items()]
    return {
        "evaluation": evaluation,
        "organization": evaluation.organization,
        "result": evaluation_result(evaluation),
        "steps": step_bar(evaluation),
        "log": progress_log(evaluation),
        "submissions": submissions,
        "is_member": perm.is_member_of(user, evaluation.organization_id),
        "can_withdraw": "withdraw" in names,
        "can_review": can_review,
        "review_level": level,
        "review_form": forms.get("review_form") or SmeReviewForm(initial={"version": evaluation.version}),
        "can_register": "register" in names,
        "number_form": forms.get("number_form")
        or SmeNumberForm(initial={"version": evaluation.version, "registered_on": today}),
        "can_revoke": "revoke" in names,
        "revoke_form": forms.get("revoke_form")
        or RevokeForm(initial={"version": evaluation.version, "barred_year": today.year}),
        "can_batch": evaluation.status == SmeEvaluation.Status.CITY_PASSED and perm.is_city_officer(user),
        "labels": services.CORRECTION_LABELS,
        "valid_now": evaluation.is_valid_on(today),
        "today": today,
    }


def _get(request, pk):
    return get_visible_or_404(
        SmeEvaluation.objects.with_relations().select_related("publicity", "snapshot"), request.user, pk=pk
    )


def sme_detail(request, pk: int):
    """One evaluation: the step bar and log (办理进度), the score, the history, and the next action."""
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    evaluation = _get(request, pk)
    return render(request, "certification/sme/detail.html", _detail_context(request, evaluation))


@require_POST
def sme_review(request, pk: int):
    evaluation = _get(request, pk)
    form = SmeReviewForm(request.POST)
    level = REVIEW_LEVEL.get(evaluation.status)
    if level is None:
        messages.error(request, _("该评价当前不在审核环节。"))
        return redirect("certification:sme-detail", pk)
    if form.is_valid():
        try:
            services.review_evaluation(
                actor=request.user,
                evaluation=evaluation,
                level=level,
                decision=form.cleaned_data["decision"],
                comment=form.cleaned_data["comment"],
                corrections=form.corrections(),
                expected_version=form.cleaned_data.get("version"),
            )
        except DomainError as exc:
            add_errors(form, exc)
        else:
            label = dict(form.fields["decision"].choices)[form.cleaned_data["decision"]]
            messages.success(request, _("已办理：%(label)s。") % {"label": label})
            return redirect("certification:queue")
    evaluation = _get(request, pk)
    return render(
        request, "certification/sme/detail.html", _detail_context(request, evaluation, review_form=form), status=400
    )


@require_POST
def sme_withdraw(request, pk: int):
    evaluation = _get(request, pk)
    services.withdraw_evaluation(
        actor=request.user, evaluation=evaluation, expected_version=request.POST.get("version")
    )
    messages.success(request, _("评价已撤回。"))
    return redirect("certification:sme-list")


@require_POST
def sme_number(request, pk: int):
    evaluation = _get(request, pk)
    form = SmeNumberForm(request.POST)
    if form.is_valid():
        try:
            services.record_number(
                actor=request.user,
                evaluation=evaluation,
                number=form.cleaned_data["registration_number"],
                registered_on=form.cleaned_data.get("registered_on"),
                expected_version=form.cleaned_data.get("version"),
            )
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("已登记入库编号。"))
            return redirect("certification:sme-detail", pk)
    evaluation = _get(request, pk)
    return render(
        request, "certification/sme/detail.html", _detail_context(request, evaluation, number_form=form), status=400
    )


@require_POST
def sme_revoke(request, pk: int):
    evaluation = _get(request, pk)
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            services.revoke_registration(
                actor=request.user,
                evaluation=evaluation,
                reason=form.cleaned_data["reason"],
                barred_year=form.cleaned_data["barred_year"],
                expected_version=form.cleaned_data.get("version"),
            )
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("已撤销入库登记。"))
            return redirect("certification:sme-detail", pk)
    evaluation = _get(request, pk)
    return render(
        request, "certification/sme/detail.html", _detail_context(request, evaluation, revoke_form=form), status=400
    )


# --- Staff: the list, public-notice batches, export ----------------------------------------------

SORTS = {
    "year": ("year", "pk"),
    "name": ("organization__name", "pk"),
    "region": ("organization__region__sort_order", "organization__name", "pk"),
    "score": ("total_score", "pk"),
    "status": ("status", "pk"),
    "submitted": ("submitted_at", "pk"),
    "number": ("registration_number", "pk"),
}


@staff_required
def sme_staff_list(request):
    """Every evaluation in the user's scope: search, filters, sort, pages, export."""
    form = SmeFilterForm(request.GET or None, user=request.user)
    queryset = form.filter(SmeEvaluation.objects.visible_to(request.user))
    sort, order = ordering(request, SORTS, "-submitted")
    page = page_of(request, queryset.with_relations().order_by(*order))
    return render(
        request,
        "certification/sme/staff_list.html",
        {
            "form": form,
            "page_obj": page,
            "sort": sort,
            "base_query": base_query(request),
            "export_url": reverse("certification:sme-export") + ("?" + request.GET.urlencode() if request.GET else ""),
            "direct_limit": DIRECT_EXPORT_LIMIT,
            "can_batch": perm.is_city_officer(request.user),
        },
    )


def export_list(request, kind: str, form_class, queryset, back: str):
    """Send the filtered list at once when small; start a background job when large."""
    form = form_class(request.GET or None, user=request.user)
    rows = form.filter(queryset)
    if rows.count() <= DIRECT_EXPORT_LIMIT:
        return xlsx_response(list_xlsx(kind, rows), export_filename(str(TITLES[kind])))
    job = start_job(
        actor=request.user,
        kind="certification.export_list",
        title=_("导出%(what)s") % {"what": TITLES[kind]},
        params={"kind": kind, "filters": form.params() if form.is_bound else {}},
    )
    messages.info(request, _("数据较多，已转入后台导出，完成后会通知您。"))
    return redirect("jobs:detail", job.pk)


@staff_required
def sme_export(request):
    return export_list(request, "sme", SmeFilterForm, SmeEvaluation.objects.visible_to(request.user), "sme-staff-list")


@staff_required
def sme_batch_new(request):
    """Put the city-passed evaluations in a public notice (公示) batch."""
    if not perm.is_city_officer(request.user):
        raise PermissionDenied
    ready = SmeEvaluation.objects.visible_to(request.user).filter(status=SmeEvaluation.Status.CITY_PASSED)
    ready = ready.with_relations().order_by("year", "organization__region__sort_order", "organization__name")
    years = sorted({e.year for e in ready})
    year = years[-1] if years else timezone.localdate().year
    if request.method == "POST":
        form = BatchForm(request.POST, queryset=ready)
        if form.is_valid():
            try:
                publicity = services.open_batch(
                    actor=request.user,
                    evaluation_ids=[e.pk for e in form.cleaned_data["evaluations"]],
                    title=form.cleaned_data["title"],
                    starts_on=form.cleaned_data["starts_on"],
                    contact=form.cleaned_data["contact"],
                )
            except DomainError as exc:
                add_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("已发布“%(title)s”，公示期 %(start)s 至 %(end)s。")
                    % {"title": publicity.title, "start": publicity.starts_on, "end": publicity.ends_on},
                )
                return redirect(reverse("certification:sme-staff-list") + "?status=publicizing")
    else:
        form = BatchForm(
            queryset=ready,
            initial={
                "evaluations": [e.pk for e in ready if e.year == year],
                "title": services.next_batch_title(year),
                "starts_on": timezone.localdate(),
                "contact": _("市科技局高新技术科"),
            },
        )
    batches = Publicity.objects.filter(source="sme").order_by("-starts_on", "-pk")[:10]
    if form.is_bound:
        selected = {int(v) for v in form.data.getlist("evaluations") if str(v).isdigit()}
    else:
        selected = set(form.initial.get("evaluations", []))
    return render(
        request,
        "certification/sme/batch_new.html",
        {"form": form, "ready": list(ready), "selected": selected, "batches": batches, "today": timezone.localdate()},
    )
