"""Gap-free numbers: the next serial of a series and year, under a row lock.

``next_number`` locks the series' counter row for the year with SELECT ... FOR UPDATE
in the caller's transaction, so two submissions (or approvals) in the same second get
consecutive numbers: the second waits for the first to commit, and one that fails rolls
its serial back with it. A counter made for the first time starts after the highest
number of its year already stored (imported history), and a number already taken is
skipped, so an import can never make a submission fail on the unique index.
"""

from __future__ import annotations

from django.db import transaction

from ..conf import application_series, project_series
from ..models import ProjectApplication, ProjectNumberCounter

Series = ProjectNumberCounter.Series


def _settings(series: str):
    if series == Series.APPLICATION:
        return application_series(), "number"
    return project_series(), "project_number"


def _highest_stored(rule, field: str, year: int) -> int:
    numbers = ProjectApplication.objects.filter(**{f"{field}__startswith": rule.year_prefix(year)}).values_list(
        field, flat=True
    )
    serials = [parsed[1] for parsed in map(rule.parse, numbers) if parsed is not None]
    return max(serials, default=0)


def next_number(*, series: str, year: int) -> str:
    """Take the next serial of ``series`` in ``year`` and return the formatted number.

    Must run inside the transaction that stores the number (the counter row stays locked
    until that transaction ends).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number must run inside transaction.atomic")
    rule, field = _settings(series)
    if not ProjectNumberCounter.objects.filter(series=series, year=year).exists():
        start = _highest_stored(rule, field, year)
        # A concurrent insert of the same counter makes this a no-op.
        ProjectNumberCounter.objects.bulk_create(
            [ProjectNumberCounter(series=series, year=year, last_serial=start)], ignore_conflicts=True
        )
    counter = ProjectNumberCounter.objects.select_for_update().get(series=series, year=year)
    while True:
        counter.last_serial += 1
        number = rule.format(year, counter.last_serial)
        if not ProjectApplication.objects.filter(**{field: number}).exists():
            break
    counter.save(update_fields=["last_serial"])
    return number
