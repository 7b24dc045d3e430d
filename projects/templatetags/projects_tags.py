"""Template filters of the projects pages: ``{% load projects_tags %}``."""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def line_paragraphs(text):
    """Render plain text with one paragraph per line, as a call's sections are typed."""
    lines = [line.strip() for line in (text or "").replace("\r\n", "\n").split("\n")]
    return mark_safe("\n".join(format_html("<p>{}</p>", conditional_escape(line)) for line in lines if line))
