"""Template filters and tags every page uses: ``{% load portal %}``.

{{ amount|yuan }}            1,234,567.50
{{ amount|wan }}             123.46        (万元, two decimals)
{{ amount|yi }}              30.13         (亿元, two decimals)
{{ amount|money }}           30.13 亿元    (unit chosen by size)
{{ fraction|pct }}           60.26%
{{ part|pct_of:whole }}      60.26%
{{ day|cn_date }}            2026年11月22日
{{ day|iso_date }}           2026-11-22
{{ due|deadline }}           2026-11-25（还剩 3 个工作日）
{{ id_number|mask_id }}      430202********1234
{% status_badge obj %}       a badge with the state's words and colour
"""

from datetime import date

from django import template
from django.utils import timezone
from django.utils.html import format_html

from bureau import calendar
from bureau.core import formatting

register = template.Library()

register.filter("yuan", formatting.yuan)
register.filter("wan", formatting.wan)
register.filter("yi", formatting.yi)
register.filter("money", formatting.money_auto)
register.filter("pct", formatting.pct)
register.filter("pct_of", formatting.pct_of)
register.filter("cn_date", formatting.cn_date)
register.filter("iso_date", formatting.iso_date)
register.filter("mask_id", formatting.mask_id_number)


@register.filter
def deadline(due):
    """Show a working-day deadline with the working days left from today."""
    if not isinstance(due, date):
        return formatting.deadline_text(None, None)
    today = timezone.localdate()
    return formatting.deadline_text(due, calendar.working_days_between(today, due))


# Default badge colours by state name; a model may set ``status_styles`` to override.
_STYLE_BY_STATE = {
    "draft": "secondary",
    "submitted": "primary",
    "returned": "warning",
    "published": "success",
    "registered": "success",
    "approved": "success",
    "valid": "success",
    "withdrawn": "secondary",
    "refused": "danger",
    "rejected": "danger",
    "revoked": "danger",
    "cancelled": "danger",
    "expired": "secondary",
    "closed": "secondary",
}


@register.simple_tag
def status_badge(obj, field: str = "status"):
    """Render ``obj``'s state as a badge with words (never colour alone)."""
    state = getattr(obj, field, "")
    label = getattr(obj, f"get_{field}_display", lambda: state)()
    styles = getattr(obj, "status_styles", {}) or {}
    style = styles.get(state) or _STYLE_BY_STATE.get(state, "info")
    text_class = " text-dark" if style in ("warning", "info", "light") else ""
    return format_html(
        '<span class="badge badge-status text-bg-{}{}" data-state="{}">{}</span>', style, text_class, state, label
    )
