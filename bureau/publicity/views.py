"""Pages of public notices (公示): the public list and detail with the objection form, the staff pages."""

from __future__ import annotations

from collections import Counter
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bureau.core import ratelimit
from bureau.core.errors import DomainError
from bureau.core.workflow import available_transitions, progress_log

from . import selectors, services
from .forms import HandleObjectionForm, ObjectionForm, StaffFilterForm
from .models import Objection, can_manage_publicity, can_read_staff_pages

PAGE_SIZE = 20
#: Objections one address may file per hour through the page (the API has its own throttle).
OBJECTIONS_PER_HOUR = 5
RECEIPTS_SESSION_KEY = "publicity_receipts"


def staff_page(view):
    """Let city staff, leaders and administrators in; answer 404 to everyone else signed in."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not can_read_staff_pages(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _objection_key(request) -> str:
    return f"publicity:objections:{ratelimit.client_ip(request)}"


def _over_objection_limit(request) -> bool:
    return ratelimit.used(_objection_key(request)) >= OBJECTIONS_PER_HOUR


def _count_objection(request) -> None:
    ratelimit.spend(_objection_key(request), limit=OBJECTIONS_PER_HOUR, window=3600)


# --- Public pages -----------------------------------------------------------------------


def publicity_list(request):
    """List the public notices (open first, then ended ones) with their periods."""
    status = request.GET.get("status", "")
    q = request.GET.get("q", "").strip()[:100]
    page = Paginator(selectors.public_publicities(status=status, q=q), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "publicity/list.html", {"page_obj": page, "status": status, "q": q})


def publicity_detail(request, pk: int):
    """Show a public notice, its list and, during the period, the objection form."""
    publicity = selectors.public_publicity(pk)
    accepting = publicity.accepts_objections()
    form = None
    limited = False
    if accepting:
        form = ObjectionForm(request.POST or None, publicity=publicity)
        if request.method == "POST":
            if _over_objection_limit(request):
                limited = True
                form.add_error(
                    None,
                    _("提交过于频繁：同一网络每小时最多提交 %(n)d 条异议，请稍后再试或拨打联系电话。")
                    % {"n": OBJECTIONS_PER_HOUR},
                )
            elif form.is_valid():
                try:
                    objection = services.file_objection(
                        publicity=publicity,
                        item=form.chosen_item(),
                        name=form.cleaned_data["name"],
                        organization=form.cleaned_data["organization"],
                        phone=form.cleaned_data["phone"],
                        email=form.cleaned_data["email"],
                        content=form.cleaned_data["content"],
                        actor=request.user,
                    )
                except ValidationError as exc:
                    for field, errors in getattr(exc, "message_dict", {"__all__": exc.messages}).items():
                        for error in errors:
                            form.add_error(field if field in form.fields else None, error)
                except DomainError as exc:
                    form.add_error(None, exc.message)
                else:
                    _count_objection(request)
                    receipts = request.session.get(RECEIPTS_SESSION_KEY, [])
                    request.session[RECEIPTS_SESSION_KEY] = [*receipts[-19:], objection.pk]
                    return redirect("publicity:receipt", pk=publicity.pk, objection_pk=objection.pk)
    elif request.method == "POST":
        messages.error(request, _("该公示不在公示期内，不再受理异议。"))
        return redirect(publicity.get_absolute_url())
    return render(
        request,
        "publicity/detail.html",
        {
            "publicity": publicity,
            "items": publicity.items.all(),
            "columns": publicity.columns,
            "width": len(publicity.columns),
            "form": form,
            "accepting": accepting,
            "limited": limited,
        },
        status=429 if limited else 200,
    )


def objection_receipt(request, pk: int, objection_pk: int):
    """Show the receipt of an objection filed in this browser session (404 for anyone else)."""
    if objection_pk not in request.session.get(RECEIPTS_SESSION_KEY, []):
        raise Http404
    try:
        objection = Objection.objects.select_related("publicity", "item").get(pk=objection_pk, publicity_id=pk)
    except Objection.DoesNotExist:
        raise Http404 from None
    return render(request, "publicity/receipt.html", {"objection": objection, "publicity": objection.publicity})


# --- Staff pages ------------------------------------------------------------------------


@staff_page
def staff_list(request):
    """List every public notice with its pending objections, for the staff."""
    filters = StaffFilterForm(request.GET or None, sources=selectors.sources())
    page = Paginator(selectors.staff_publicities(**filters.values()), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "publicity/staff_list.html", {"page_obj": page, "filters": filters})


@staff_page
def staff_detail(request, pk: int):
    """Show a notice's lines and objections; city staff handle objections and may withdraw it."""
    publicity = selectors.staff_publicity(pk)
    can_manage = can_manage_publicity(request.user)
    bound = None
    if request.method == "POST":
        if not can_manage:
            raise Http404
        bound = HandleObjectionForm(request.POST)
        if bound.is_valid():
            objection = next((o for o in publicity.objections.all() if o.pk == bound.cleaned_data["objection"]), None)
            if objection is None:
                raise Http404
            try:
                services.handle_objection(
                    actor=request.user,
                    objection=objection,
                    upheld=bound.cleaned_data["decision"] == "upheld",
                    reply=bound.cleaned_data["reply"],
                )
            except DomainError as exc:
                bound.add_error(None, exc.message)
            else:
                messages.success(request, _("已记录对%(name)s所提异议的核查结果。") % {"name": objection.name})
                return redirect(publicity.get_staff_url())
    objections = []
    for objection in publicity.objections.all():
        form = None
        if can_manage and objection.status == Objection.Status.PENDING:
            if bound is not None and str(bound.data.get("objection")) == str(objection.pk):
                form = bound
            else:
                form = HandleObjectionForm(initial={"objection": objection.pk})
        objections.append({"objection": objection, "form": form})
    per_item = Counter(row["objection"].item_id for row in objections if row["objection"].item_id)
    items = publicity.items.all()
    for item in items:
        item.objection_count = per_item.get(item.pk, 0)
    # Only withdrawing is offered: the period itself ends by the calendar, not by a button.
    options = [o for o in available_transitions(publicity, request.user) if o.name == "withdraw"]
    return render(
        request,
        "publicity/staff_detail.html",
        {
            "publicity": publicity,
            "items": items,
            "columns": publicity.columns,
            "width": len(publicity.columns),
            "objections": objections,
            "pending": sum(1 for o in objections if o["objection"].status == Objection.Status.PENDING),
            "options": options,
            "log": progress_log(publicity),
            "can_manage": can_manage,
        },
        status=400 if bound is not None and bound.errors else 200,
    )


@staff_page
@require_POST
def staff_withdraw(request, pk: int):
    """Withdraw a notice with a reason (the service checks permission, state and version)."""
    publicity = selectors.staff_publicity(pk)
    if request.POST.get("transition") != "withdraw":
        raise Http404
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = None
    try:
        services.withdraw_publicity(
            actor=request.user, publicity=publicity, reason=request.POST.get("comment", ""), expected_version=version
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("公示已撤回，公众不再能看到该公示。"))
    return redirect(publicity.get_staff_url())
