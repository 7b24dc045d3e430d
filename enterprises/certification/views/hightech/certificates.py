"""Pages of high-tech certificates: the staff list and export, recording, detail, cancelling, annual reports."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bureau.core.errors import DomainError
from bureau.core.scoping import get_visible_or_404
from bureau.core.workflow import available_transitions, progress_log
from enterprises.models import Organization

from ... import permissions as perm
from ...exports import DIRECT_EXPORT_LIMIT
from ...forms import AnnualReportForm, CertificateFilterForm, ReasonForm, StandaloneCertificateForm
from ...models import HighTechCertificate
from ...policy import CURRENT
from ...services import hightech as services
from ..common import add_errors, base_query, ordering, page_of, staff_required
from ..sme import export_list
from ._common import _login

CERTIFICATE_SORTS = {
    "number": ("number",),
    "name": ("organization__name", "pk"),
    "region": ("organization__region__sort_order", "organization__name", "pk"),
    "issued": ("issued_on", "pk"),
    "expires": ("expires_on", "pk"),
}


@staff_required
def certificate_list(request):
    form = CertificateFilterForm(request.GET or None, user=request.user)
    queryset = form.filter(HighTechCertificate.objects.visible_to(request.user))
    sort, order = ordering(request, CERTIFICATE_SORTS, "expires")
    page = page_of(request, queryset.with_relations().order_by(*order))
    today = timezone.localdate()
    return render(
        request,
        "certification/hightech/certificate_list.html",
        {
            "form": form,
            "page_obj": page,
            "rows": [(c, c.validity(today)) for c in page],
            "sort": sort,
            "base_query": base_query(request),
            "export_url": reverse("certification:certificate-export")
            + ("?" + request.GET.urlencode() if request.GET else ""),
            "direct_limit": DIRECT_EXPORT_LIMIT,
            "can_record": perm.is_result_recorder(request.user),
        },
    )


@staff_required
def certificate_export(request):
    return export_list(
        request, "certificates", CertificateFilterForm, HighTechCertificate.objects.visible_to(request.user), ""
    )


@staff_required
def certificate_new(request):
    """Record one certificate from the published list, for an enterprise with no application here."""
    if not perm.is_result_recorder(request.user):
        raise PermissionDenied
    if request.method == "POST":
        form = StandaloneCertificateForm(request.POST)
        if form.is_valid():
            org = Organization.objects.filter(uscc=form.cleaned_data["uscc"].strip().upper()).first()
            if org is None:
                form.add_error("uscc", _("该统一社会信用代码未在平台注册。"))
            else:
                try:
                    certificate = services.record_certificate(
                        actor=request.user,
                        organization=org,
                        number=form.cleaned_data["number"],
                        issued_on=form.cleaned_data["issued_on"],
                        batch=form.cleaned_data["batch"],
                    )
                except DomainError as exc:
                    add_errors(form, exc)
                else:
                    messages.success(request, _("已登记高新技术企业证书 %(n)s。") % {"n": certificate.number})
                    return redirect("certification:certificate-detail", certificate.pk)
    else:
        form = StandaloneCertificateForm(initial={"issued_on": timezone.localdate()})
    return render(request, "certification/hightech/certificate_new.html", {"form": form})


def _certificate(request, pk):
    return get_visible_or_404(
        HighTechCertificate.objects.with_relations().select_related("application"), request.user, pk=pk
    )


def certificate_detail(request, pk: int, **forms):
    if not request.user.is_authenticated:
        return _login(request)
    certificate = _certificate(request, pk)
    today = timezone.localdate()
    reports = list(certificate.annual_reports.select_related("recorded_by").order_by("-year"))
    reported = {r.year for r in reports}
    due_years = [
        y
        for y in range(certificate.issued_on.year, min(today.year, certificate.expires_on.year + 1))
        if y not in reported
    ]
    names = {o.name for o in available_transitions(certificate, request.user)}
    org = certificate.organization
    can_report = (
        perm.is_member_of(request.user, org.pk)
        or perm.is_county_officer_over(request.user, org)
        or perm.is_city_officer(request.user)
    )
    return render(
        request,
        "certification/hightech/certificate_detail.html",
        {
            "certificate": certificate,
            "organization": org,
            "validity": certificate.validity(today),
            "days_left": (certificate.expires_on - today).days,
            "reports": reports,
            "missing_years": due_years,
            "log": progress_log(certificate),
            "can_cancel": "cancel" in names,
            "cancel_form": forms.get("cancel_form") or ReasonForm(initial={"version": certificate.version}),
            "can_report": can_report and certificate.status == HighTechCertificate.Status.VALID and bool(due_years),
            "report_form": forms.get("report_form")
            or AnnualReportForm(initial={"year": due_years[-1] if due_years else today.year - 1, "reported_on": today}),
            "due_years": due_years,
            "first_report": (certificate.issued_on.year + 1, certificate.issued_on.year),
            "due_month": CURRENT.annual_report_due[0],
            "due_day": CURRENT.annual_report_due[1],
        },
        status=400 if forms else 200,
    )


@require_POST
def certificate_cancel(request, pk: int):
    certificate = _certificate(request, pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.cancel_certificate(
                actor=request.user,
                certificate=certificate,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data.get("version"),
            )
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("已取消该企业的高新技术企业资格。"))
            return redirect("certification:certificate-detail", pk)
    return certificate_detail(request, pk, cancel_form=form)


@require_POST
def annual_report(request, pk: int):
    certificate = _certificate(request, pk)
    form = AnnualReportForm(request.POST)
    if form.is_valid():
        try:
            services.record_annual_report(
                actor=request.user,
                certificate=certificate,
                year=form.cleaned_data["year"],
                reported_on=form.cleaned_data.get("reported_on"),
            )
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("已登记 %(year)s 年度发展情况报表。") % {"year": form.cleaned_data["year"]})
            return redirect("certification:certificate-detail", pk)
    return certificate_detail(request, pk, report_form=form)
