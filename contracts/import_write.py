"""Write a checked historical contract import: COPY the rows in, and keep the number counters past them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from django.db import connection
from django.utils import timezone

from .conf import number_format
from .models import NumberCounter, RegistrationOffice, TechnologyContract
from .rules.numbering import parse_number


def _copy_columns() -> list:
    return [f for f in TechnologyContract._meta.concrete_fields if not f.primary_key]


def _write(rows: list[dict], progress: Callable[[int], None] | None) -> list[int]:
    """COPY ``rows`` into the contracts table; return the new ids in row order."""
    fields = _copy_columns()
    now = timezone.now()
    fixed = {
        "version": 1,
        "status": TechnologyContract.Status.REGISTERED,
        "source": TechnologyContract.Source.IMPORTED,
        "created_at": now,
        "updated_at": now,
    }
    defaults = {}
    for f in fields:
        if f.attname in fixed:
            defaults[f.attname] = fixed[f.attname]
        elif f.has_default():
            defaults[f.attname] = f.get_default()
        else:
            defaults[f.attname] = "" if (not f.null and f.get_internal_type() in ("CharField", "TextField")) else None
    attnames = [f.attname for f in fields]
    table = TechnologyContract._meta.db_table
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        # A query through Django first, so pgtrigger's SET LOCAL also covers the raw COPY.
        cursor.execute("SELECT 1")
        raw = cursor.cursor  # psycopg 3 cursor: COPY streams rows without one INSERT each
        with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for index, row in enumerate(rows, start=1):
                copy.write_row([row.get(name, defaults[name]) if name in row else defaults[name] for name in attnames])
                if progress is not None and index % 5000 == 0:
                    progress(index)
        cursor.execute(
            f"SELECT registration_number, id FROM {table} WHERE registration_number = ANY(%s)",
            [[r["registration_number"] for r in rows]],
        )
        ids = dict(cursor.fetchall())
    return [ids[r["registration_number"]] for r in rows]


def _bump_counters(rows: Iterable[dict]) -> None:
    """Keep the yearly counters past imported numbers written in this office's format."""
    fmt = number_format()
    codes = dict(RegistrationOffice.objects.values_list("code", "pk"))
    highest: dict[tuple[int, int], int] = defaultdict(int)
    for row in rows:
        parsed = parse_number(row["registration_number"], fmt)
        if parsed and parsed.office_code in codes:
            key = (codes[parsed.office_code], parsed.year)
            highest[key] = max(highest[key], parsed.serial)
    for (office_id, year), serial in highest.items():
        NumberCounter.objects.bulk_create(
            [NumberCounter(office_id=office_id, year=year, last_serial=0)], ignore_conflicts=True
        )
        counter = NumberCounter.objects.select_for_update().get(office_id=office_id, year=year)
        if counter.last_serial < serial:
            counter.last_serial = serial
            counter.save(update_fields=["last_serial"])


def _existing_numbers(numbers: list[str]) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT registration_number FROM {TechnologyContract._meta.db_table} WHERE registration_number = ANY(%s)",
            [numbers],
        )
        return {row[0] for row in cursor.fetchall()}
