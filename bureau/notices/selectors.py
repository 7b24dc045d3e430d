"""Reads of notices: the public portal's lists, the staff lists and the home page."""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone

from .models import Notice, NoticeAttachment, can_read_staff_pages

#: Categories the home page's "latest notices" list shows (calls have their own list).
HOME_NOTICE_CATEGORIES = (Notice.Category.NOTICE, Notice.Category.POLICY, Notice.Category.NEWS)


def public_notices(*, category: str = "", q: str = ""):
    """Return the published notices of ``category`` matching ``q``, newest first."""
    return Notice.objects.published().in_category(category).search(q).for_list().order_by("-published_at", "-pk")


def public_notice(pk) -> Notice:
    """Return a published notice with its attachments, or 404 (drafts and withdrawn ones alike)."""
    try:
        return Notice.objects.published().for_list().prefetch_related("attachments").get(pk=pk)
    except (Notice.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def staff_notices(*, category: str = "", status: str = "", q: str = ""):
    """Return every notice for the staff list, most recently changed first."""
    qs = Notice.objects.in_category(category).search(q).for_list().select_related("created_by")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-updated_at", "-pk")


def staff_notice(pk) -> Notice:
    """Return any notice with its attachments for the staff pages, or 404."""
    try:
        return Notice.objects.for_list().select_related("created_by").prefetch_related("attachments").get(pk=pk)
    except (Notice.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def downloadable_attachment(pk, user) -> NoticeAttachment:
    """Return an attachment of a published notice, or of any notice for staff readers; else 404."""
    qs = NoticeAttachment.objects.select_related("notice")
    if not can_read_staff_pages(user):
        qs = qs.filter(notice__status=Notice.Status.PUBLISHED)
    try:
        return qs.get(pk=pk)
    except (NoticeAttachment.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def home_sections(*, today=None, notices: int = 8, calls: int = 6) -> dict:
    """Return the notice lists of the public home page: the latest notices and the open calls."""
    today = today or timezone.localdate()
    latest = list(
        Notice.objects.published()
        .filter(category__in=HOME_NOTICE_CATEGORIES)
        .order_by("-published_at", "-pk")[:notices]
    )
    open_calls = list(Notice.objects.open_calls(today).for_list().order_by("apply_until", "-published_at")[:calls])
    return {"latest_notices": latest, "open_calls": open_calls}
