"""Template filters of the public-notice pages: ``{% load publicity %}``."""

from django import template

register = template.Library()


@register.filter
def cells(item, width):
    """Return a line's values under the notice's columns: ``{% for v in item|cells:width %}``."""
    return item.cells(int(width or 0))
