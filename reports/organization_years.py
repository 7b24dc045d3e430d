"""Where an R&D filing's confirmed answers go: the organization's yearly figures.

The figures belong to the registry (``enterprises.OrganizationYear``) and are written
only through its service ``save_year``, which lets an organization's members keep their
own data: the figures are the ones the member filed, so the member who submitted the
answer is recorded as their author, and staff confirming the answer is what releases them.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from bureau.core.errors import ActionNotPermitted, InvalidInput

INTEGER_FIELDS = {"staff_total", "sci_tech_staff"}


def year_field_choices() -> list[tuple[str, str]]:
    """Return (field name, label) of every yearly figure an answer may fill."""
    from enterprises.models import OrganizationYear
    from enterprises.services.profile import YEAR_FIELDS

    return [(name, str(OrganizationYear._meta.get_field(name).verbose_name)) for name in YEAR_FIELDS]


def values_from(answer, fields) -> dict:
    """Return the yearly figures an answer fills, as numbers, from the fields mapped to them."""
    values = {}
    for spec in fields:
        if spec.maps_to and spec.key in (answer.data or {}):
            number = Decimal(str(answer.data[spec.key]))
            values[spec.maps_to] = int(number) if spec.maps_to in INTEGER_FIELDS else number
    return values


def write(*, answer, year: int, values: dict) -> None:
    """Save ``values`` as the organization's figures for ``year``; explain any refusal."""
    from enterprises.services.profile import save_year

    labels = dict(year_field_choices())
    try:
        save_year(actor=answer.submitted_by, organization=answer.organization, year=year, values=values)
    except ActionNotPermitted:
        raise InvalidInput(
            _("提交人已不是该单位成员，无法写入单位年度数据。请该单位现有成员重新提交后再确认。")
        ) from None
    except ValidationError as exc:
        problems = []
        for name, messages in exc.message_dict.items():
            label = labels.get(name, "")
            problems.append(f"{label}：{'；'.join(messages)}" if label else "；".join(messages))
        raise InvalidInput(
            _("不能写入 %(year)s 年度数据：%(problems)s") % {"year": year, "problems": "；".join(problems)}
        ) from None
