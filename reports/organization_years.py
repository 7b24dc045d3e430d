"""Where an R&D filing's confirmed answers go: the organization's yearly figures.

The figures belong to the registry (``enterprises.OrganizationYear``) and are written
only through its service ``record_year_from_filing``, in the name of the staff member who
confirms them; the row's history records the confirmer and the campaign answer the
figures came from (and who filed them).
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from bureau.core.errors import InvalidInput

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


def current_year(answer, year: int):
    """Return the organization's recorded figures for ``year`` (to compare before confirming), or None."""
    from enterprises.models import OrganizationYear

    return OrganizationYear.objects.filter(organization=answer.organization_id, year=year).first()


def write(*, actor, answer, year: int, values: dict, expected_version: int | None = None) -> None:
    """Save ``values`` as the organization's figures for ``year``, confirmed by ``actor``; explain any refusal."""
    from enterprises.services import record_year_from_filing

    labels = dict(year_field_choices())
    source = {
        "campaign": answer.campaign_id,
        "answer": answer.pk,
        "title": answer.campaign.title,
        "filed_by": answer.submitted_by_id,
    }
    try:
        record_year_from_filing(
            actor=actor,
            organization=answer.organization,
            year=year,
            figures=values,
            source=source,
            expected_version=expected_version,
        )
    except ValidationError as exc:
        problems = []
        for name, messages in exc.message_dict.items():
            label = labels.get(name, "")
            problems.append(f"{label}：{'；'.join(messages)}" if label else "；".join(messages))
        raise InvalidInput(
            _("不能写入 %(year)s 年度数据：%(problems)s") % {"year": year, "problems": "；".join(problems)}
        ) from None
