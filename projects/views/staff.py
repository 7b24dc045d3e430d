"""The staff's pages: the filtered application list and its export, the detail with the actions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bureau.core.errors import DomainError, InvalidInput
from bureau.core.excel import xlsx_response
from bureau.core.jobs import start_job
from bureau.core.scoping import get_visible_or_404
from bureau.core.workflow import available_transitions, progress_log, progress_steps

from .. import selectors, services
from ..conf import EXPORT_INLINE_LIMIT
from ..exports import applications_xlsx
from ..filters import ApplicationFilter
from ..forms import ApproveForm
from ..jobs import EXPORT_KIND
from ..models import ProjectApplication
from ..services._common import is_member
from ._common import PAGE_SIZE, acts_on_applications, apply_field_errors, reads_all_applications, staff_page, version_of

S = ProjectApplication.Status
# Staff transitions offered as plain buttons; approving needs its own form (amount, number).
BUTTON_TRANSITIONS = ("accept", "send_back", "reject")


@login_required
def application_list(request):
    """Staff: every application in scope, filtered; applicants are sent to their own list."""
    if not reads_all_applications(request.user):
        return redirect("projects:my-applications")
    filterset = ApplicationFilter(request.GET, queryset=selectors.applications_for(request.user))
    queryset = filterset.qs.order_by("-submitted_at", "-pk")
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "projects/application_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "export_url": reverse("projects:application-export") + "?" + request.GET.urlencode(),
        },
    )


@staff_page
def application_export(request):
    """Export the filtered list: at once when short, as a background job when long."""
    filterset = ApplicationFilter(request.GET, queryset=selectors.applications_for(request.user))
    queryset = filterset.qs.order_by("-submitted_at", "-pk")
    count = queryset.count()
    if count <= EXPORT_INLINE_LIMIT:
        return xlsx_response(applications_xlsx(queryset), f"项目申报_{timezone.localdate():%Y%m%d}.xlsx")
    params = {k: v for k, v in request.GET.items() if k != "page" and v}
    job = start_job(
        actor=request.user,
        kind=EXPORT_KIND,
        title=_("导出项目申报（%(n)s 条）") % {"n": count},
        params={"filters": params},
    )
    messages.info(request, _("共 %(n)s 条，已转为后台导出，完成后可在此页面下载。") % {"n": count})
    return redirect("jobs:detail", job.pk)


def _load(request, pk):
    return get_visible_or_404(
        ProjectApplication.objects.select_related("call__department", "organization", "region", "decided_by"),
        request.user,
        pk=pk,
    )


def _render_detail(request, application, approve_form=None, status=200):
    user = request.user
    member = is_member(user, application.organization_id)
    staff = acts_on_applications(user)
    options = [o for o in available_transitions(application, user) if o.name in BUTTON_TRANSITIONS] if staff else []
    context = {
        "application": application,
        "call": application.call,
        "steps": progress_steps(application),
        "log": progress_log(application),
        "is_member": member,
        "is_staff": reads_all_applications(user),
        "can_act": staff,
        "options": options,
        "approve_form": approve_form
        or (ApproveForm(prefix="approve") if staff and application.status == S.ACCEPTED else None),
    }
    if member and application.status in (S.DRAFT, S.RETURNED):
        context["problems"] = services.submission_problems(application)
    return render(request, "projects/application_detail.html", context, status=status)


@login_required
def application_detail(request, pk: int):
    return _render_detail(request, _load(request, pk))


@login_required
@require_POST
def application_act(request, pk: int):
    """Run one staff action (accept, send back, reject); the service checks who may."""
    application = _load(request, pk)
    name = request.POST.get("transition", "")
    comment = request.POST.get("comment", "").strip()
    version = version_of(request)
    user = request.user
    if name == "accept":
        services.accept(actor=user, application=application, comment=comment, expected_version=version)
        messages.success(request, _("已受理。"))
    elif name == "send_back":
        services.send_back(actor=user, application=application, reason=comment, expected_version=version)
        messages.success(request, _("已退回申报单位修改。"))
    elif name == "reject":
        services.reject(actor=user, application=application, reason=comment, expected_version=version)
        messages.success(request, _("已作出不予立项决定并通知申报单位。"))
    else:
        raise InvalidInput(_("未知的操作。"))
    return redirect("projects:application-detail", pk)


@login_required
@require_POST
def application_approve(request, pk: int):
    """Approve (立项) with the funded amount; on a problem the form comes back with what was typed."""
    application = _load(request, pk)
    form = ApproveForm(request.POST, prefix="approve")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.approve(
                actor=request.user,
                application=application,
                amount=data["amount"],
                approved_on=data["approved_on"],
                project_number=data["project_number"],
                comment=data["comment"].strip(),
                expected_version=version_of(request),
            )
        except DomainError as exc:
            if exc.status_code == 400:
                apply_field_errors(form, exc)
            else:
                raise
        else:
            messages.success(request, _("已批准立项，项目编号 %(number)s。") % {"number": application.project_number})
            return redirect("projects:application-detail", pk)
    application.refresh_from_db()
    return _render_detail(request, application, approve_form=form, status=200)
