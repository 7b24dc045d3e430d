"""People selected into talent programs (入选人才): record and correct one selection."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from bureau.core.errors import InvalidInput

from ..models import TalentSelection
from ..rules.identity import gender_from_id_number
from ._common import (
    check_id_number,
    clean_or_raise,
    ensure_can_write,
    link_organization,
    locked_for_edit,
    require_region,
    set_fields,
)

SELECTION_FIELDS = (
    "program",
    "category",
    "year",
    "selected_on",
    "full_name",
    "gender",
    "id_number",
    "organization_name",
    "region",
    "title",
    "field",
    "funding",
    "note",
)


def _fill(selection: TalentSelection, data: dict) -> None:
    set_fields(selection, data, SELECTION_FIELDS)
    selection.id_number = (selection.id_number or "").strip().upper()
    check_id_number(selection)
    link_organization(selection, data)
    require_region(selection)
    if selection.id_number and not selection.gender:
        selection.gender = gender_from_id_number(selection.id_number)
    if selection.program_id is not None and not selection.program.is_active and selection._state.adding:
        raise InvalidInput(fields={"program": _("该人才计划已停用，不能再录入入选记录。")})
    if selection.year and not 2000 <= selection.year <= 2100:
        raise InvalidInput(fields={"year": _("入选年度应在 2000 至 2100 之间。")})


@transaction.atomic
def create_selection(*, actor, data: dict) -> TalentSelection:
    """Record a person selected into a program in a year (from the published list)."""
    ensure_can_write(actor)
    selection = TalentSelection()
    _fill(selection, data)
    ensure_can_write(actor, selection.region)
    clean_or_raise(selection)
    selection.save()
    return selection


@transaction.atomic
def update_selection(*, actor, selection: TalentSelection, data: dict, expected: str | None = None) -> TalentSelection:
    """Correct a selection; refused when someone changed it since ``expected`` was taken."""
    current = locked_for_edit(actor, selection, expected)
    _fill(current, data)
    ensure_can_write(actor, current.region)
    clean_or_raise(current)
    current.save()
    return current
