"""Pages of a high-tech application's detail, review and result, and the staff's list of applications."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bureau.core.errors import DomainError
from bureau.core.workflow import available_transitions, progress_log
from enterprises.models import IPUse

from ... import permissions as perm
from ...exports import DIRECT_EXPORT_LIMIT
from ...forms import ApplicationFilterForm, CertificateForm, HighTechReviewForm, ReasonForm
from ...models import HighTechApplication, HighTechCertificate
from ...selectors import step_bar
from ...services import hightech as services
from ..common import add_errors, base_query, ordering, page_of, staff_required
from ..sme import export_list
from ._common import _application, _checklist, _login

REVIEW_LEVEL = {
    HighTechApplication.Status.SUBMITTED: "county",
    HighTechApplication.Status.COUNTY_RECOMMENDED: "city",
}

# --- Detail, review, result ----------------------------------------------------------------------


def _detail_context(request, application, **forms):
    user = request.user
    names = {o.name for o in available_transitions(application, user)}
    level = REVIEW_LEVEL.get(application.status)
    can_review = bool(level) and bool(names & set(services.REVIEW_TRANSITIONS[level].values()))
    uses = IPUse.objects.filter(
        purpose=IPUse.Purpose.HIGHTECH,
        content_type__app_label="certification",
        content_type__model="hightechapplication",
        object_id=application.pk,
    )
    items = list(application.ip_items.prefetch_related(Prefetch("uses", queryset=uses, to_attr="this_use")))
    today = timezone.localdate()
    certificate = HighTechCertificate.objects.filter(application=application).first()
    return {
        "application": application,
        "organization": application.organization,
        "steps": step_bar(application),
        "log": progress_log(application),
        "items": items,
        "checklist": _checklist(application),
        "is_member": perm.is_member_of(user, application.organization_id),
        "can_edit": application.is_editable and perm.is_member_of(user, application.organization_id),
        "can_withdraw": "withdraw" in names,
        "can_review": can_review,
        "review_level": level,
        "review_form": forms.get("review_form") or HighTechReviewForm(initial={"version": application.version}),
        "can_record": "certify" in names,
        "certificate_form": forms.get("certificate_form") or CertificateForm(initial={"issued_on": today}),
        "not_certified_form": forms.get("not_certified_form") or ReasonForm(initial={"version": application.version}),
        "certificate": certificate,
        "labels": services.CORRECTION_LABELS,
    }


def hightech_detail(request, pk: int):
    if not request.user.is_authenticated:
        return _login(request)
    application = _application(request, pk)
    return render(request, "certification/hightech/detail.html", _detail_context(request, application))


@require_POST
def hightech_review(request, pk: int):
    application = _application(request, pk)
    form = HighTechReviewForm(request.POST)
    level = REVIEW_LEVEL.get(application.status)
    if level is None:
        messages.error(request, _("该申请当前不在审核环节。"))
        return redirect("certification:hightech-detail", pk)
    if form.is_valid():
        try:
            services.review_application(
                actor=request.user,
                application=application,
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
    application = _application(request, pk)
    return render(
        request,
        "certification/hightech/detail.html",
        _detail_context(request, application, review_form=form),
        status=400,
    )


@require_POST
def hightech_withdraw(request, pk: int):
    application = _application(request, pk)
    services.withdraw_application(
        actor=request.user, application=application, expected_version=request.POST.get("version")
    )
    messages.success(request, _("申请已撤回，所用知识产权已释放。"))
    return redirect("certification:hightech-home")


@require_POST
def hightech_result(request, pk: int):
    """Record the province's result for a recommended application: the certificate, or not certified."""
    application = _application(request, pk)
    if request.POST.get("outcome") == "not_certified":
        form = ReasonForm(request.POST)
        if form.is_valid():
            try:
                services.record_not_certified(
                    actor=request.user,
                    application=application,
                    reason=form.cleaned_data["reason"],
                    expected_version=form.cleaned_data.get("version"),
                )
            except DomainError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("已登记：未获认定。"))
                return redirect("certification:hightech-detail", pk)
        context = _detail_context(request, application, not_certified_form=form)
    else:
        form = CertificateForm(request.POST)
        if form.is_valid():
            try:
                certificate = services.record_certificate(
                    actor=request.user,
                    application=application,
                    number=form.cleaned_data["number"],
                    issued_on=form.cleaned_data["issued_on"],
                    batch=form.cleaned_data["batch"],
                )
            except DomainError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("已登记高新技术企业证书 %(n)s。") % {"n": certificate.number})
                return redirect("certification:certificate-detail", certificate.pk)
        context = _detail_context(request, application, certificate_form=form)
    return render(request, "certification/hightech/detail.html", context, status=400)


# --- The staff's list of applications -----------------------------------------------------------

APPLICATION_SORTS = {
    "year": ("year", "pk"),
    "name": ("organization__name", "pk"),
    "region": ("organization__region__sort_order", "organization__name", "pk"),
    "rd": ("rd_ratio", "pk"),
    "status": ("status", "pk"),
    "submitted": ("submitted_at", "pk"),
}


@staff_required
def hightech_staff_list(request):
    form = ApplicationFilterForm(request.GET or None, user=request.user)
    queryset = form.filter(HighTechApplication.objects.visible_to(request.user))
    sort, order = ordering(request, APPLICATION_SORTS, "-submitted")
    page = page_of(request, queryset.with_relations().order_by(*order))
    year = timezone.localdate().year
    return render(
        request,
        "certification/hightech/staff_list.html",
        {
            "form": form,
            "page_obj": page,
            "sort": sort,
            "base_query": base_query(request),
            "export_url": reverse("certification:hightech-export")
            + ("?" + request.GET.urlencode() if request.GET else ""),
            "recommendation_url": reverse("certification:hightech-export") + f"?status=city_recommended&year={year}",
            "year": year,
            "direct_limit": DIRECT_EXPORT_LIMIT,
        },
    )


@staff_required
def hightech_export(request):
    return export_list(
        request, "applications", ApplicationFilterForm, HighTechApplication.objects.visible_to(request.user), ""
    )
