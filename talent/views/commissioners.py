"""Pages of S&T commissioners (科技特派员): list, detail with service logs, form, ending a term."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bureau.core.errors import DomainError
from bureau.core.scoping import get_visible_or_404

from .. import selectors, services
from ..exports import commissioners_xlsx
from ..filters import CommissionerFilter
from ..forms import CommissionerForm, EndServiceForm, ServiceLogForm
from ..models import Commissioner
from ._common import PAGE_SIZE, apply_errors, list_page, require_reader, require_writer


@login_required
def commissioner_list(request):
    require_reader(request.user)
    queryset = selectors.commissioners_for(request.user).annotate(log_count=Count("service_logs"))
    filterset = CommissionerFilter(request.GET, queryset=queryset, request=request)
    return list_page(
        request,
        filterset=filterset,
        ordering=("-year", "name", "pk"),
        template="talent/commissioner_list.html",
        export=commissioners_xlsx,
        export_name=_("科技特派员"),
    )


def _detail(request, commissioner, *, log_form=None, end_form=None, status=200):
    logs = commissioner.service_logs.select_related("recorded_by").order_by("-served_on", "-pk")
    totals = commissioner.service_logs.aggregate(n=Count("pk"), people=Sum("people_served"))
    page = Paginator(logs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "talent/commissioner_detail.html",
        {
            "commissioner": commissioner,
            "page_obj": page,
            "totals": totals,
            "can_edit": services.can_write(request.user, commissioner.region),
            "log_form": log_form or ServiceLogForm(prefix="log"),
            "end_form": end_form or EndServiceForm(prefix="end"),
        },
        status=status,
    )


def _get(request, pk):
    return get_visible_or_404(Commissioner.objects.select_related("region", "organization"), request.user, pk=pk)


@login_required
def commissioner_detail(request, pk: int):
    require_reader(request.user)
    return _detail(request, _get(request, pk))


@login_required
def commissioner_edit(request, pk: int | None = None):
    require_writer(request.user)
    commissioner = _get(request, pk) if pk else None
    form = CommissionerForm(request.POST or None, instance=commissioner, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            if commissioner is None:
                commissioner = services.create_commissioner(actor=request.user, data=form.service_data())
            else:
                commissioner = services.update_commissioner(
                    actor=request.user, commissioner=commissioner, data=form.service_data(), expected=form.expected
                )
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("科技特派员信息已保存。"))
            return redirect("talent:commissioner-detail", commissioner.pk)
    return render(request, "talent/commissioner_form.html", {"form": form, "commissioner": commissioner})


@login_required
@require_POST
def commissioner_log_add(request, pk: int):
    """Add a service log from the detail page; errors are shown next to the form's fields."""
    require_reader(request.user)
    commissioner = _get(request, pk)
    form = ServiceLogForm(request.POST, prefix="log")
    if form.is_valid():
        try:
            services.add_service_log(actor=request.user, commissioner=commissioner, data=form.cleaned_data)
        except DomainError as exc:
            if not exc.fields:
                raise
            apply_errors(form, exc)
        else:
            messages.success(request, _("服务日志已记录。"))
            return redirect("talent:commissioner-detail", pk)
    return _detail(request, commissioner, log_form=form, status=400)


@login_required
@require_POST
def commissioner_end(request, pk: int):
    require_reader(request.user)
    commissioner = _get(request, pk)
    form = EndServiceForm(request.POST, prefix="end")
    if form.is_valid():
        try:
            services.end_commissioner_service(
                actor=request.user,
                commissioner=commissioner,
                ended_on=form.cleaned_data["ended_on"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as exc:
            if not exc.fields:
                raise
            apply_errors(form, exc)
        else:
            messages.success(request, _("已登记提前终止服务。"))
            return redirect("talent:commissioner-detail", pk)
    return _detail(request, commissioner, end_form=form, status=400)
