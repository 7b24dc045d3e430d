"""Template helpers of the registry pages: ``{% load registry %}``."""

from django import template

register = template.Library()


@register.simple_tag
def error_summary(*forms):
    """Return every error of ``forms`` as (anchor id, label, message) for the summary on top."""
    rows = []
    for form in forms:
        if not getattr(form, "errors", None):
            continue
        for message in form.non_field_errors():
            rows.append(("", "", message))
        for field in form:
            for message in field.errors:
                rows.append((field.auto_id, field.label, message))
    return rows


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None
