"""Helpers shared by the talent pages: who may open them, lists with export, field errors."""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from bureau.core.errors import DomainError
from bureau.core.excel import xlsx_response

from ..services import can_view, can_write

PAGE_SIZE = 20


def require_reader(user) -> None:
    """Only bureau staff and leaders open the talent pages (applicants and experts do not)."""
    if not can_view(user):
        raise PermissionDenied


def require_writer(user) -> None:
    if not can_write(user):
        raise PermissionDenied


def apply_errors(form, exc: DomainError) -> None:
    """Show a service's field errors next to the form's fields, the rest on top."""
    for name, message in exc.fields.items():
        target = name if name in form.fields and name != NON_FIELD_ERRORS else None
        form.add_error(target, str(message))
        if target is not None:
            attrs = form.fields[target].widget.attrs
            attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
            attrs["aria-invalid"] = "true"
    if not exc.fields:
        form.add_error(None, str(exc.message))


def list_page(request, *, filterset, ordering, template, export, export_name, context=None):
    """Render a filtered, paginated list, or its Excel export when ``?export=1``."""
    queryset = filterset.qs.order_by(*ordering)
    if request.GET.get("export"):
        return xlsx_response(export(queryset), f"{export_name}_{timezone.localdate():%Y%m%d}.xlsx")
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query["export"] = "1"
    return render(
        request,
        template,
        {
            "filter": filterset,
            "page_obj": page,
            "export_url": "?" + query.urlencode(),
            "can_write": can_write(request.user),
            **(context or {}),
        },
    )
