"""Public pages: the published calls (申报指南) and one call with its "我要申报" button."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from bureau.accounts.models import Role

from .. import selectors
from ..models import ProjectCall, ProjectCategory
from ..services._common import can_manage_calls
from ._common import PAGE_SIZE


def call_list(request):
    """Published calls, open ones first, with their window and its state in words."""
    category = request.GET.get("category", "")
    if category not in ProjectCategory.values:
        category = ""
    page = Paginator(selectors.public_calls(category=category), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "projects/call_list.html",
        {"page_obj": page, "category": category, "categories": ProjectCategory.choices},
    )


def call_detail(request, pk: int):
    """One call; unpublished ones only for the staff who manage calls (a preview)."""
    queryset = ProjectCall.objects.select_related("department")
    if not can_manage_calls(request.user):
        queryset = queryset.published()
    try:
        call = queryset.get(pk=pk)
    except ProjectCall.DoesNotExist:
        raise Http404 from None
    user = request.user
    is_applicant = user.is_authenticated and user.has_role(Role.APPLICANT)
    return render(
        request,
        "projects/call_detail.html",
        {
            "call": call,
            "state": call.window_state(),
            "is_open": call.is_open(),
            "is_applicant": is_applicant,
            "can_manage": can_manage_calls(user),
        },
    )
