"""Pages of the enterprise's high-tech application: the self-check, starting, editing, attachments."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bureau.core.errors import DomainError
from bureau.core.scoping import get_visible_or_404

from ... import permissions as perm
from ...forms import AttachmentForm, HighTechApplicationForm, HighTechStartForm
from ...models import HighTechApplication, HighTechAttachment, HighTechCertificate, ReserveEntry
from ...policy import CURRENT
from ...selectors import hightech_self_check, step_bar
from ...services import hightech as services
from ..common import add_errors, applicant_required
from ._common import _application, _checklist, _login


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
