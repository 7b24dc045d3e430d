"""The applicant's pages: my applications, the application form, submit and withdraw."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bureau.accounts.models import Role
from bureau.core.errors import DomainError
from bureau.core.scoping import get_visible_or_404
from bureau.core.workflow import progress_log
from enterprises.models import Organization

from .. import selectors, services
from ..forms import ApplicationForm, OrganizationChoiceForm
from ..models import ProjectApplication, ProjectCall
from ..services._common import is_member
from ._common import PAGE_SIZE, apply_field_errors, version_of

S = ProjectApplication.Status
ERRORS_KEY = "project-application-errors-{pk}"
# ``?status=reviewing``: submitted or accepted, what the workbench panel counts as 审查中.
REVIEWING = "reviewing"


@login_required
def my_applications(request):
    """The applications of the user's organizations, newest first; ``?status=`` narrows them."""
    queryset = selectors.own_applications(request.user).order_by("-created_at", "-pk")
    status = request.GET.get("status", "")
    if status == REVIEWING:
        queryset = queryset.filter(status__in=[S.SUBMITTED, S.ACCEPTED])
    elif status in S.values:
        queryset = queryset.filter(status=status)
    else:
        status = ""
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "projects/my_applications.html",
        {
            "page_obj": page,
            "status": status,
            "statuses": S.choices,
            "open_calls": selectors.public_calls().filter(window_rank=0)[:5],
        },
    )


def _organizations(user):
    return Organization.objects.filter(memberships__user=user).select_related("region").order_by("name")


@login_required
def application_create(request, call_pk: int):
    """Start an application under an open call, for one of the user's verified organizations."""
    call = get_object_or_404(ProjectCall.objects.published().select_related("department"), pk=call_pk)
    if not request.user.has_role(Role.APPLICANT):
        raise PermissionDenied
    if not call.is_open():
        messages.error(request, _("该申报指南当前不在申报时间内，不能申报。"))
        return redirect("projects:call-detail", call.pk)
    organizations = _organizations(request.user)
    verified = organizations.filter(status=Organization.Status.VERIFIED)
    chooser = OrganizationChoiceForm(request.POST or None, organizations=verified, prefix="org")
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and chooser.is_valid() and form.is_valid():
        try:
            application = services.create_application(
                actor=request.user,
                call=call,
                organization=chooser.cleaned_data["organization"],
                data=form.service_data(),
            )
        except DomainError as exc:
            apply_field_errors(form, exc)
        else:
            return _after_save(request, application)
    return render(
        request,
        "projects/application_form.html",
        {
            "form": form,
            "chooser": chooser,
            "call": call,
            "application": None,
            "organizations": organizations,
            "unverified": [o for o in organizations if not o.is_verified],
            "has_verified": verified.exists(),
        },
    )


def _after_save(request, application):
    """After saving: submit (or resubmit) when asked, else stay on the form with 已保存."""
    if request.POST.get("action") == "submit":
        try:
            _submit(request, application)
        except DomainError as exc:
            messages.error(request, exc.message)
            request.session[ERRORS_KEY.format(pk=application.pk)] = {k: str(v) for k, v in exc.fields.items()}
            return redirect("projects:application-edit", application.pk)
        return redirect("projects:application-detail", application.pk)
    messages.success(request, _("申报书已保存（%(time)s）。") % {"time": timezone.localtime().strftime("%H:%M")})
    return redirect("projects:application-edit", application.pk)


def _submit(request, application, version=None):
    if application.status == S.RETURNED:
        services.resubmit_application(
            actor=request.user,
            application=application,
            comment=request.POST.get("comment", ""),
            expected_version=version,
        )
        messages.success(request, _("已重新提交，请等待市科技局受理。"))
    else:
        services.submit_application(actor=request.user, application=application, expected_version=version)
        messages.success(
            request, _("申报书已提交，申报编号 %(number)s。请等待市科技局受理。") % {"number": application.number}
        )


def _own_or_404(request, pk):
    application = get_visible_or_404(
        ProjectApplication.objects.select_related("call__department", "organization", "region"), request.user, pk=pk
    )
    return application


@login_required
def application_edit(request, pk: int):
    """Edit a draft or a returned application, keeping everything typed."""
    application = _own_or_404(request, pk)
    if application.status not in (S.DRAFT, S.RETURNED) or not is_member(request.user, application.organization_id):
        return redirect("projects:application-detail", pk)
    form = ApplicationForm(request.POST or None, instance=application)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.update_application(
                actor=request.user,
                application=application,
                data=form.service_data(),
                expected_version=version_of(request),
            )
        except DomainError as exc:
            apply_field_errors(form, exc)
        else:
            return _after_save(request, application)
    elif request.method == "GET":
        problems = request.session.pop(ERRORS_KEY.format(pk=pk), {})
        if problems:
            # Problems found by the last submit attempt, shown next to their fields (on a
            # form bound to what is stored, so the errors have somewhere to go).
            form = ApplicationForm({name: form[name].value() for name in form.fields}, instance=application)
            form.is_valid()
            for name, message in problems.items():
                form.add_error(name if name in form.fields else None, message)
    return render(
        request,
        "projects/application_form.html",
        {
            "form": form,
            "call": application.call,
            "application": application,
            "log": progress_log(application) if application.status == S.RETURNED else None,
        },
    )


@login_required
@require_POST
def application_submit(request, pk: int):
    """Submit a draft (or resubmit a returned application) from its detail page."""
    application = _own_or_404(request, pk)
    try:
        _submit(request, application, version_of(request))
    except DomainError as exc:
        messages.error(request, exc.message)
        if exc.fields and application.status in (S.DRAFT, S.RETURNED):
            request.session[ERRORS_KEY.format(pk=pk)] = {k: str(v) for k, v in exc.fields.items()}
            return redirect("projects:application-edit", pk)
    return redirect("projects:application-detail", pk)


@login_required
@require_POST
def application_withdraw(request, pk: int):
    application = _own_or_404(request, pk)
    services.withdraw_application(
        actor=request.user,
        application=application,
        comment=request.POST.get("comment", "").strip(),
        expected_version=version_of(request),
    )
    messages.success(request, _("申报已撤回。"))
    return redirect("projects:application-detail", pk)
