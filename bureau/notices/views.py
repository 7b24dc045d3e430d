"""Pages of notices: the public lists and detail, and the staff's drafting pages."""

from __future__ import annotations

import mimetypes
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bureau.core.errors import DomainError, StaleObject
from bureau.core.workflow import available_transitions, progress_log

from . import selectors, services
from .forms import AttachmentForm, NoticeFilterForm, NoticeForm
from .models import Notice, NoticeAttachment, can_manage_notices, can_read_staff_pages

PAGE_SIZE = 20


def staff_page(view):
    """Let city staff, leaders and administrators in; answer 404 to everyone else signed in."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not can_read_staff_pages(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


# --- Public pages -----------------------------------------------------------------------


def notice_list(request):
    """List published notices of one category (all by default), searchable, newest first."""
    category = request.GET.get("category", "")
    if category not in Notice.Category.values:
        category = ""
    q = request.GET.get("q", "").strip()[:100]
    page = Paginator(selectors.public_notices(category=category, q=q), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notices/list.html",
        {
            "page_obj": page,
            "category": category,
            "category_label": Notice.Category(category).label if category else _("全部"),
            "categories": Notice.Category.choices,
            "q": q,
        },
    )


def notice_detail(request, pk: int):
    """Show a published notice with its attachments; drafts and withdrawn notices answer 404."""
    notice = selectors.public_notice(pk)
    return render(request, "notices/detail.html", {"notice": notice})


def attachment_download(request, pk: int):
    """Send an attachment of a published notice (staff may also open those of drafts)."""
    attachment = selectors.downloadable_attachment(pk, request.user)
    inline = attachment.kind in (NoticeAttachment.Kind.PDF, NoticeAttachment.Kind.IMAGE)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    content_type = mimetypes.guess_type(attachment.name)[0] or "application/octet-stream"
    return FileResponse(handle, as_attachment=not inline, filename=attachment.name, content_type=content_type)


# --- Staff pages ------------------------------------------------------------------------


@staff_page
def staff_list(request):
    """List every notice with filters (category, status, text) for the staff."""
    filters = NoticeFilterForm(request.GET or None)
    values = filters.values()
    page = Paginator(selectors.staff_notices(**values), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notices/staff_list.html",
        {"page_obj": page, "filters": filters, "can_manage": can_manage_notices(request.user)},
    )


@staff_page
def staff_create(request):
    """Write a new draft notice."""
    if not can_manage_notices(request.user):
        raise Http404
    form = NoticeForm(request.POST or None, initial={"department": request.user.department_id})
    if request.method == "POST" and form.is_valid():
        try:
            notice = services.create_notice(actor=request.user, **form.changes())
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("草稿已保存。核对无误后可点击“发布”。"))
            return redirect(notice.get_staff_url())
    return render(request, "notices/staff_form.html", {"form": form, "notice": None})


@staff_page
def staff_edit(request, pk: int):
    """Change a draft; a stale version is refused and what was typed is kept."""
    if not can_manage_notices(request.user):
        raise Http404
    notice = selectors.staff_notice(pk)
    if notice.status != Notice.Status.DRAFT:
        messages.warning(request, _("只能修改草稿；已发布的通知请先撤回，再重新起草。"))
        return redirect(notice.get_staff_url())
    form = NoticeForm(request.POST or None, instance=notice)
    stale = False
    if request.method == "POST" and form.is_valid():
        try:
            # Reload so the form's construct_instance does not hide what is stored now.
            current = selectors.staff_notice(pk)
            services.update_notice(
                actor=request.user,
                notice=current,
                expected_version=form.cleaned_data.get("version") or 0,
                **form.changes(),
            )
        except StaleObject as exc:
            form.add_error(None, exc.message)
            stale = True
        except ValidationError as exc:
            form.add_service_errors(exc)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("草稿已保存。"))
            return redirect(notice.get_staff_url())
    return render(request, "notices/staff_form.html", {"form": form, "notice": notice, "stale": stale})


@staff_page
def staff_detail(request, pk: int):
    """Show a notice as staff see it: content, attachments, actions and its log."""
    notice = selectors.staff_notice(pk)
    can_manage = can_manage_notices(request.user)
    return render(
        request,
        "notices/staff_detail.html",
        {
            "notice": notice,
            "can_manage": can_manage,
            "options": available_transitions(notice, request.user),
            "log": progress_log(notice),
            "attachment_form": AttachmentForm() if can_manage and notice.status == Notice.Status.DRAFT else None,
        },
    )


@staff_page
@require_POST
def staff_transition(request, pk: int):
    """Publish or withdraw a notice (the service checks permission, state and version)."""
    notice = selectors.staff_notice(pk)
    name = request.POST.get("transition", "")
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = None
    comment = request.POST.get("comment", "")
    if name not in ("publish", "withdraw"):
        raise Http404
    try:
        if name == "publish":
            services.publish_notice(actor=request.user, notice=notice, expected_version=version, comment=comment)
            messages.success(request, _("已发布，公众可在门户网站上看到该通知。"))
        else:
            services.withdraw_notice(actor=request.user, notice=notice, reason=comment, expected_version=version)
            messages.success(request, _("已撤回，该通知不再在门户网站上显示。"))
    except ValidationError as exc:
        messages.error(request, _("通知内容不完整，请先修改草稿：%(errors)s") % {"errors": "；".join(exc.messages)})
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(notice.get_staff_url())


@staff_page
@require_POST
def staff_attachment_add(request, pk: int):
    """Attach one file to a draft notice."""
    notice = selectors.staff_notice(pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请选择要上传的文件。"))
        return redirect(notice.get_staff_url())
    try:
        attachment = services.add_attachment(actor=request.user, notice=notice, upload=form.cleaned_data["file"])
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("附件“%(name)s”已上传。") % {"name": attachment.name})
    return redirect(notice.get_staff_url())


@staff_page
@require_POST
def staff_attachment_delete(request, pk: int, attachment_pk: int):
    """Remove one attachment from a draft notice."""
    notice = selectors.staff_notice(pk)
    attachment = next((a for a in notice.attachments.all() if a.pk == attachment_pk), None)
    if attachment is None:
        raise Http404
    try:
        services.remove_attachment(actor=request.user, attachment=attachment)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("附件“%(name)s”已删除。") % {"name": attachment.name})
    return redirect(notice.get_staff_url())
