"""Pages of the inbox (待办与消息): open to-dos, messages, opening and marking them read.

The two tabs are ordinary pages, loaded by boosted links (no full reload). Marking
messages read swaps only the inbox block and tells the page the new counts (``HX-Trigger``
"inbox-counts") so the header badge follows.
"""

import json

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import selectors, services

PAGE_SIZE = 20


def _wants_fragment(request) -> bool:
    # Boosted links (the tabs) and history restores after a cache miss want the whole page.
    htmx = request.htmx
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def _render(request, context: dict):
    template = "inbox/_inbox.html" if _wants_fragment(request) else "inbox/index.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
def todo_list(request):
    """List the user's open to-dos, soonest deadline first."""
    page = Paginator(selectors.open_todos(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return _render(request, {"tab": "todos", "page_obj": page})


def _message_context(request) -> dict:
    unread_only = request.GET.get("unread") == "1"
    qs = selectors.messages_for(request.user, unread_only=unread_only)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return {"tab": "messages", "page_obj": page, "unread_only": unread_only}


@login_required
def message_list(request):
    """List the user's messages, newest first; unread ones stand out."""
    return _render(request, _message_context(request))


@login_required
def open_message(request, pk: int):
    """Mark one of the user's messages read and go to its link (or show it when it has none)."""
    message = get_object_or_404(selectors.messages_for(request.user), pk=pk)
    if not message.is_read:
        services.mark_read(actor=request.user, message_ids=[message.pk])
    if message.url and url_has_allowed_host_and_scheme(
        message.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(message.url)
    message.refresh_from_db(fields=["read_at"])
    return render(request, "inbox/message_detail.html", {"message": message})


def _after_marking(request, count: int):
    """Answer a mark-read POST: the refreshed block for htmx, a redirect otherwise."""
    if not _wants_fragment(request):
        if count:
            flash.success(request, _("已将 %(n)s 条消息标为已读。") % {"n": count})
        url = reverse("inbox:messages")
        query = request.GET.urlencode()
        return redirect(f"{url}?{query}" if query else url)
    context = _message_context(request)
    context["notice"] = _("已将 %(n)s 条消息标为已读。") % {"n": count} if count else ""
    response = _render(request, context)
    counts = selectors.header_counts(request.user)
    response["HX-Trigger"] = json.dumps({"inbox-counts": counts})
    return response


@login_required
@require_POST
def mark_read(request, pk: int):
    """Mark one of the user's messages read without leaving the list."""
    message = get_object_or_404(selectors.messages_for(request.user), pk=pk)
    return _after_marking(request, services.mark_read(actor=request.user, message_ids=[message.pk]))


@login_required
@require_POST
def mark_all_read(request):
    """Mark all the user's unread messages read."""
    return _after_marking(request, services.mark_read(actor=request.user))
