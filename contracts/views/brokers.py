"""Pages of the technology broker registry (技术经纪人)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from bureau.core.errors import DomainError
from bureau.core.excel import xlsx_response
from bureau.core.scoping import get_visible_or_404

from .. import selectors, services
from ..exports import brokers_xlsx
from ..filters import BrokerFilter
from ..forms import (
    BrokerForm,
)
from ..models import Broker
from ..services.brokers import can_manage_brokers
from ._common import PAGE_SIZE, _apply_field_errors, _require_staff, _year_param

# --- Brokers ------------------------------------------------------------------------


@login_required
def broker_list(request):
    _require_staff(request.user)
    year = _year_param(request)
    filterset = BrokerFilter(request.GET, queryset=selectors.brokers_for(request.user, year))
    queryset = filterset.qs.order_by("full_name", "pk")
    if request.GET.get("export"):
        return xlsx_response(brokers_xlsx(queryset), f"技术经纪人_{year}.xlsx")
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query["export"] = "1"
    return render(
        request,
        "contracts/broker_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "year": year,
            "years": range(timezone.localdate().year, timezone.localdate().year - 6, -1),
            "today": timezone.localdate(),
            "export_url": "?" + query.urlencode(),
            "can_manage": can_manage_brokers(request.user),
        },
    )


@login_required
def broker_detail(request, pk: int):
    _require_staff(request.user)
    broker = get_visible_or_404(Broker.objects.select_related("region"), request.user, pk=pk)
    contracts = (
        broker.contracts.visible_to(request.user)
        .registered()
        .select_related("seller_region")
        .order_by("-registered_on", "-pk")
    )
    page = Paginator(contracts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "contracts/broker_detail.html",
        {
            "broker": broker,
            "performance": selectors.broker_performance(broker),
            "page_obj": page,
            "today": timezone.localdate(),
            "can_manage": can_manage_brokers(request.user),
        },
    )


@login_required
def broker_edit(request, pk: int | None = None):
    if not can_manage_brokers(request.user):
        raise PermissionDenied
    broker = get_visible_or_404(Broker.objects, request.user, pk=pk) if pk else None
    form = BrokerForm(request.POST or None, instance=broker)
    if request.method == "POST" and form.is_valid():
        try:
            broker = services.save_broker(actor=request.user, data=form.cleaned_data, broker=broker)
        except DomainError as exc:
            _apply_field_errors(form, exc)
        else:
            messages.success(request, _("技术经纪人信息已保存。"))
            return redirect("contracts:broker-detail", broker.pk)
    return render(request, "contracts/broker_form.html", {"form": form, "broker": broker})
