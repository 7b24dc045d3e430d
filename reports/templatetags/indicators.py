"""Template filters for indicator values: ``{% load indicators %}``.

{{ value|ind_value:indicator }}     30.13 (in the indicator's unit, two decimals)
{{ card.change|ind_change:card.indicator }}   +12.34% or +0.12 个百分点
{{ period|period_label }}           2020年上半年
"""

from django import template

from reports import formatting

register = template.Library()


@register.filter
def ind_value(value, indicator):
    return formatting.display_number(indicator, value)


@register.filter
def ind_change(delta, indicator):
    return formatting.change_text(indicator, delta)


@register.filter
def bar_width(fraction):
    """Return a progress-bar width in percent, 0 to 100, from a completion fraction."""
    if fraction is None:
        return 0
    return max(0, min(100, int(float(fraction) * 100)))
