"""Call management for city staff: list, create, edit, publish (kept simple)."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bureau.core.errors import DomainError

from .. import selectors, services
from ..forms import CallForm
from ..models import ProjectCall
from ..services._common import can_manage_calls
from ._common import PAGE_SIZE, apply_field_errors


def call_manager(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not can_manage_calls(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


@call_manager
def call_manage_list(request):
    page = Paginator(selectors.managed_calls(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "projects/call_manage_list.html", {"page_obj": page})


@call_manager
def call_create(request):
    form = CallForm(request.POST or None, initial={"department": request.user.department_id})
    if request.method == "POST" and form.is_valid():
        try:
            call = services.create_call(actor=request.user, data=form.cleaned_data)
        except DomainError as exc:
            apply_field_errors(form, exc)
        else:
            messages.success(request, _("申报指南已保存（未发布）。核对无误后请点击“发布”。"))
            return redirect("projects:call-edit", call.pk)
    return render(request, "projects/call_form.html", {"form": form, "call": None})


@call_manager
def call_edit(request, pk: int):
    call = get_object_or_404(ProjectCall, pk=pk)
    form = CallForm(request.POST or None, instance=call)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_call(actor=request.user, call=call, data=form.cleaned_data)
        except DomainError as exc:
            apply_field_errors(form, exc)
        else:
            messages.success(request, _("申报指南已保存。"))
            return redirect("projects:call-edit", pk)
    return render(request, "projects/call_form.html", {"form": form, "call": call})


@call_manager
@require_POST
def call_publish(request, pk: int):
    call = get_object_or_404(ProjectCall, pk=pk)
    services.publish_call(actor=request.user, call=call)
    messages.success(request, _("申报指南已发布，申报单位可在申报时间内在线申报。"))
    return redirect("projects:call-manage-list")
