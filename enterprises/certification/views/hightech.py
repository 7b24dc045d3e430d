"""Pages of high-tech certification (高新技术企业): self-check, application, review, certificates."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bureau.core.errors import DomainError
from bureau.core.scoping import get_visible_or_404
from bureau.core.workflow import available_transitions, progress_log
from enterprises.models import IPUse, Organization

from .. import permissions as perm
from ..exports import DIRECT_EXPORT_LIMIT
from ..forms import (
    AnnualReportForm,
    ApplicationFilterForm,
    AttachmentForm,
    CertificateFilterForm,
    CertificateForm,
    HighTechApplicationForm,
    HighTechReviewForm,
    HighTechStartForm,
    ReasonForm,
    StandaloneCertificateForm,
)
from ..models import (
    REQUIRED_ATTACHMENTS,
    AttachmentKind,
    HighTechApplication,
    HighTechAttachment,
    HighTechCertificate,
    ReserveEntry,
)
from ..policy import CURRENT
from ..selectors import hightech_self_check, step_bar
from ..services import hightech as services
from .common import add_errors, applicant_required, base_query, ordering, page_of, staff_required
from .sme import export_list

REVIEW_LEVEL = {
    HighTechApplication.Status.SUBMITTED: "county",
    HighTechApplication.Status.COUNTY_RECOMMENDED: "city",
}


def _login(request):
    return redirect_to_login(request.get_full_path())


# --- The enterprise: self-check and applications --------------------------------------------------


@applicant_required
def hightech_home(request):
    """The self-check (every condition with its figure, requirement and gap) and the enterprise's files."""
    org = request.organization
    years = services.allowed_years()
    try:
        year = int(request.GET.get("year", years[0]))
    except ValueError:
        year = years[0]
    year = year if year in years else years[0]
    check = hightech_self_check(org, year)
    today = timezone.localdate()
    applications = list(HighTechApplication.objects.filter(organization=org).order_by("-year", "-pk"))
    certificates = list(HighTechCertificate.objects.filter(organization=org).order_by("-issued_on"))
    live_years = {a.year for a in applications if a.status not in HighTechApplication.CLOSED_STATES}
    return render(
        request,
        "certification/hightech/home.html",
        {
            "organization": org,
            "check": check,
            "year": year,
            "years": years,
            "applications": applications,
            "certificates": [(c, c.validity(today)) for c in certificates],
            "reserve": ReserveEntry.objects.active().filter(organization=org).first(),
            "start_form": HighTechStartForm(initial={"year": year}) if year not in live_years else None,
            "today": today,
        },
    )


@applicant_required
@require_POST
def hightech_start(request):
    form = HighTechStartForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择申报年度。"))
        return redirect("certification:hightech-home")
    application = services.start_application(
        actor=request.user, organization=request.organization, year=form.cleaned_data["year"]
    )
    messages.success(request, _("已创建申请，请选择知识产权并上传申报材料。"))
    return redirect("certification:hightech-edit", application.pk)


def _application(request, pk, *, for_update=False):
    return get_visible_or_404(
        HighTechApplication.objects.with_relations().select_related("snapshot"), request.user, pk=pk
    )


def _checklist(application):
    files = {}
    for attachment in application.attachments.all():
        files.setdefault(attachment.kind, []).append(attachment)
    return [
        {
            "kind": kind,
            "label": kind.label,
            "required": kind in REQUIRED_ATTACHMENTS,
            "files": files.get(kind.value, []),
        }
        for kind in AttachmentKind
    ]


@applicant_required
def hightech_edit(request, pk: int):
    """Prepare the application: IP used, the attachment checklist, contacts, the pledge; submit."""
    application = _application(request, pk)
    if not perm.is_member_of(request.user, application.organization_id):
        return redirect("certification:hightech-detail", pk)
    if not application.is_editable:
        messages.info(request, _("该申请已提交，当前不能修改。"))
        return redirect("certification:hightech-detail", pk)
    selectable = services.selectable_ip(application)
    if request.method == "POST":
        form = HighTechApplicationForm(request.POST, instance=application, selectable=selectable)
        if form.is_valid():
            try:
                services.save_application(
                    actor=request.user,
                    application=application,
                    ip_ids=[item.pk for item in form.cleaned_data["ip_items"]],
                    values=form.cleaned_data,
                    expected_version=form.cleaned_data.get("version"),
                )
                if request.POST.get("action") == "submit":
                    services.submit_application(actor=request.user, application=application)
                    messages.success(request, _("申请已提交，等待县市区科技局初审。"))
                    return redirect("certification:hightech-detail", pk)
                messages.success(request, _("已保存 %(time)s") % {"time": timezone.localtime().strftime("%H:%M")})
                return redirect("certification:hightech-edit", pk)
            except DomainError as exc:
                data = request.POST.copy()
                application = _application(request, pk)
                data["version"] = str(application.version)
                form = HighTechApplicationForm(data, instance=application, selectable=selectable)
                form.is_valid()
                add_errors(form, exc)
    else:
        form = HighTechApplicationForm(instance=application, selectable=selectable)
    application = _application(request, pk)
    return render(
        request,
        "certification/hightech/edit.html",
        {
            "application": application,
            "organization": application.organization,
            "form": form,
            "upload_form": AttachmentForm(),
            "checklist": _checklist(application),
            "used_items": services.used_class2_items(application),
            "corrections": [
                (services.CORRECTION_LABELS.get(k, k), v) for k, v in (application.corrections or {}).items()
            ],
            "steps": step_bar(application),
            "max_mb": CURRENT.attachment_max_bytes // (1024 * 1024),
        },
    )


@applicant_required
@require_POST
def attachment_upload(request, pk: int):
    application = _application(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_attachment(
                actor=request.user,
                application=application,
                kind=form.cleaned_data["kind"],
                file=form.cleaned_data["file"],
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已上传：%(name)s") % {"name": form.cleaned_data["file"].name})
    else:
        messages.error(request, _("请选择材料类型和文件。"))
    return redirect(reverse("certification:hightech-edit", args=[pk]) + "#attachments")


@applicant_required
@require_POST
def attachment_delete(request, pk: int, attachment_pk: int):
    application = _application(request, pk)
    attachment = application.attachments.filter(pk=attachment_pk).first()
    if attachment is None:
        raise Http404
    services.delete_attachment(actor=request.user, attachment=attachment)
    messages.success(request, _("已删除：%(name)s") % {"name": attachment.name})
    return redirect(reverse("certification:hightech-edit", args=[pk]) + "#attachments")


def attachment_download(request, pk: int, attachment_pk: int):
    if not request.user.is_authenticated:
        return _login(request)
    attachment = get_visible_or_404(HighTechAttachment.objects.all(), request.user, pk=attachment_pk, application_id=pk)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)


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


# --- Staff lists -----------------------------------------------------------------------------------

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
