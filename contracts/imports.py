"""Import of historical contracts from the national registration system's Excel export.

The columns, and the values each accepts, are defined and documented in
``contracts.import_columns``; rows are read and checked in ``import_rows`` and written
in ``import_write``.

The whole file is checked first; if any row is bad, nothing is imported and every bad
row is reported with its line and reason (all-or-nothing). A good file is written in one
transaction with PostgreSQL COPY, so a year of a province (tens of thousands of rows)
takes seconds, not hours. Re-importing the same file reports every row as "already
registered" and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable

import pgtrigger
from django.db import transaction

from bureau.core.excel import MONEY, BadWorkbook, ImportReport, RowError

from .import_columns import (
    CHOICE_TABLES,
    COLUMNS,
    HEADER_OF,
    HEADERS,
    REQUIRED,
    SUBTYPE_CODES,
    TYPE_CODES,
    ImportColumn,
    template_xlsx,
)
from .import_rows import CENT, RowInvalid, _clean_row, _context, read_rows
from .import_write import _bump_counters, _existing_numbers, _write
from .models import TechnologyContract

MAX_LISTED_ERRORS = 500


def import_contracts(file, *, progress: Callable[..., None] | None = None) -> ImportReport:
    """Check every row of ``file``; import all of them in one transaction, or none if any is bad."""
    report = ImportReport()
    ctx = _context()
    rows: list[dict] = []
    error_count = 0

    def tell(done, message):
        if progress is not None:
            progress(done=done, message=message)

    for line, raw in read_rows(file, HEADERS, REQUIRED):
        report.rows += 1
        values, problems = _clean_row(raw, ctx)
        if problems:
            error_count += len(problems)
            for key, message in problems:
                if len(report.errors) < MAX_LISTED_ERRORS:
                    report.errors.append(RowError(line, HEADER_OF.get(key, key), message))
        else:
            values["_line"] = line
            rows.append(values)
        if report.rows % 5000 == 0:
            tell(report.rows, f"已检查 {report.rows} 行")
    if not report.errors and rows:
        existing = _existing_numbers([r["registration_number"] for r in rows])
        for row in rows:
            if row["registration_number"] in existing:
                error_count += 1
                if len(report.errors) < MAX_LISTED_ERRORS:
                    report.errors.append(
                        RowError(row["_line"], HEADER_OF["registration_number"], "该登记编号已在系统中")
                    )
    report.error_count = error_count  # type: ignore[attr-defined]
    if report.errors:
        return report
    # The import is audited as a whole by its background job (who, when, which file); the
    # per-row insert snapshots of pghistory would make it 8 times slower, so they are skipped.
    with transaction.atomic(), pgtrigger.ignore(f"{TechnologyContract._meta.label}:insert_insert"):
        ids = _write(rows, (lambda n: tell(n, f"已写入 {n} / {len(rows)} 行")) if progress else None)
        through = TechnologyContract.brokers.through
        links = [
            through(technologycontract_id=pk, broker_id=b)
            for pk, row in zip(ids, rows, strict=True)
            for b in row["_brokers"]
        ]
        if links:
            through.objects.bulk_create(links, batch_size=5000)
        _bump_counters(rows)
    report.created = len(rows)
    return report


__all__ = [
    "CENT",
    "CHOICE_TABLES",
    "COLUMNS",
    "HEADERS",
    "HEADER_OF",
    "MAX_LISTED_ERRORS",
    "MONEY",
    "REQUIRED",
    "SUBTYPE_CODES",
    "TYPE_CODES",
    "BadWorkbook",
    "ImportColumn",
    "RowInvalid",
    "import_contracts",
    "read_rows",
    "template_xlsx",
]
