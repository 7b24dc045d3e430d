"""Template filters of notice pages: ``{% load notices %}``."""

import re

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()

_BLANK_LINE = re.compile(r"\n\s*\n")
# A salutation (称呼) such as "各县市区科技主管部门：" stands flush left in an official document.
_SALUTATION = re.compile(r"^\S.{0,60}[：:]$")


@register.filter(is_safe=True)
def paragraphs(text):
    """Render plain text as escaped paragraphs: a blank line starts a paragraph, a newline breaks a line."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return ""
    rows = []
    for block in _BLANK_LINE.split(text):
        block = block.strip()
        if not block:
            continue
        lines = mark_safe("<br>".join(conditional_escape(line) for line in block.split("\n")))
        if "\n" not in block and _SALUTATION.match(block):
            rows.append(format_html('<p class="salutation">{}</p>', lines))
        else:
            rows.append(format_html("<p>{}</p>", lines))
    return mark_safe("\n".join(rows))
