"""Helpers shared by the high-tech pages: the login redirect, the application lookup, the checklist."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login

from bureau.core.scoping import get_visible_or_404

from ...models import REQUIRED_ATTACHMENTS, AttachmentKind, HighTechApplication


def _login(request):
    return redirect_to_login(request.get_full_path())


def _application(request, pk, *, for_update=False):
    return get_visible_or_404(
        HighTechApplication.objects.with_relations().select_related("snapshot"), request.user, pk=pk
    )


def _checklist(application):
    files = {}
    for attachment in application.attachments.all():
        files.setdefault(attachment.kind, []).append(attachment)
    return [
        {
            "kind": kind,
            "label": kind.label,
            "required": kind in REQUIRED_ATTACHMENTS,
            "files": files.get(kind.value, []),
        }
        for kind in AttachmentKind
    ]
