"""Template helpers of the talent pages: a commissioner's service state and an expert's fields."""

from django import template
from django.utils import timezone
from django.utils.html import format_html

from enterprises.models import HighTechField

from ..filters import STATE_CHOICES
from ..rules.commissioners import service_state

register = template.Library()

_STATE_STYLES = {"serving": "success", "upcoming": "info", "finished": "secondary", "ended": "danger"}
_FIELD_LABELS = {f.value: f.label for f in HighTechField}


@register.simple_tag
def commissioner_state(commissioner, day=None):
    """Render where the commissioner's term stands today as a badge with words."""
    state = service_state(
        commissioner.service_from, commissioner.service_until, commissioner.ended_on, day or timezone.localdate()
    )
    style = _STATE_STYLES[state]
    text_class = " text-dark" if style == "info" else ""
    return format_html(
        '<span class="badge badge-status text-bg-{}{}" data-state="{}">{}</span>',
        style,
        text_class,
        state,
        dict(STATE_CHOICES)[state],
    )


@register.filter
def field_labels(codes) -> str:
    """Return the high-tech fields of an expert in words: 电子信息、新材料."""
    order = list(_FIELD_LABELS)
    ranked = sorted(codes or (), key=lambda code: order.index(code) if code in order else len(order))
    return "、".join(str(_FIELD_LABELS.get(code, code)) for code in ranked) or "—"


_EXPERT_STYLES = {"active": "success", "suspended": "warning", "left": "secondary"}


@register.simple_tag
def expert_status(expert):
    """Render an expert's state in the pool as a badge with words."""
    style = _EXPERT_STYLES.get(expert.status, "info")
    text_class = " text-dark" if style == "warning" else ""
    return format_html(
        '<span class="badge badge-status text-bg-{}{}" data-state="{}">{}</span>',
        style,
        text_class,
        expert.status,
        expert.get_status_display(),
    )
