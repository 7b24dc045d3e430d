"""Shared REST pieces: pagination and the one error format for domain errors.

Every error answers ``{"error": {"code": ..., "message": ..., "fields": {...}}}``.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import DomainError


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 200


def _body(code, message, fields=None):
    return {"error": {"code": code, "message": str(message), "fields": fields or {}}}


def exception_handler(exc, context):
    """Map domain errors and DRF errors to the one error format."""
    if isinstance(exc, DomainError):
        return Response(
            _body(exc.code, exc.message, {k: str(v) for k, v in exc.fields.items()}),
            status=exc.status_code,
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("未找到该事项，或您无权查看。"))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        fields = {k: " ".join(str(m) for m in (v if isinstance(v, list) else [v])) for k, v in detail.items()}
        response.data = _body("invalid_input", _("提交的内容有误，请按提示修改。"), fields)
    else:
        code = getattr(exc, "default_code", "error")
        message = exc.detail if isinstance(getattr(exc, "detail", None), str) else getattr(exc, "detail", "")
        response.data = _body(code, message or status.HTTP_400_BAD_REQUEST)
    return response
