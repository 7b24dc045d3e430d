"""Excel in and out (openpyxl), shared by every list export and every import.

Exports stream rows through a write-only workbook, so a list of 100,000 rows does not
build 100,000 cell objects in memory. Imports read a sheet by its header row, so the
columns may come in any order; every bad row is reported with its line and reason.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from urllib.parse import quote

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    """One exported column: header text, how to get the value from a row, and its look."""

    header: str
    value: Callable[[object], object] | str
    width: int = 16
    number_format: str | None = None  # e.g. "#,##0.00" for yuan

    def get(self, row):
        if callable(self.value):
            return self.value(row)
        if isinstance(row, dict):
            return row.get(self.value)
        target = row
        for part in self.value.split("__"):
            target = getattr(target, part, None)
            if target is None:
                return None
        return target


MONEY = "#,##0.00"
PERCENT = "0.00%"


@dataclass
class Sheet:
    title: str
    columns: Sequence[Column]
    rows: Iterable[object]
    note: str = ""


def _cell_value(value):
    if isinstance(value, Decimal):
        return value  # openpyxl writes Decimal as a number
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if hasattr(value, "label") and hasattr(value, "value"):  # a Choices member
        return str(value.label)
    if value is None or isinstance(value, (int, float, str, date)):
        return value
    return str(value)


def build_xlsx(sheets: Iterable[Sheet], progress: Callable[[int], None] | None = None) -> bytes:
    """Return the bytes of a workbook with one sheet per ``Sheet``; header bold and frozen."""
    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="E8F0F9")
    written = 0
    for spec in sheets:
        ws = wb.create_sheet(title=spec.title[:31])
        for index, column in enumerate(spec.columns):
            ws.column_dimensions[_letter(index)].width = column.width
        ws.freeze_panes = "A3" if spec.note else "A2"
        if spec.note:
            ws.append([spec.note])
        header = []
        for column in spec.columns:
            cell = WriteOnlyCell(ws, value=column.header)
            cell.font = bold
            cell.fill = fill
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            header.append(cell)
        ws.append(header)
        for row in spec.rows:
            cells = []
            for column in spec.columns:
                cell = WriteOnlyCell(ws, value=_cell_value(column.get(row)))
                if column.number_format:
                    cell.number_format = column.number_format
                cells.append(cell)
            ws.append(cells)
            written += 1
            if progress is not None and written % 1000 == 0:
                progress(written)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    """Return ``content`` as a downloaded .xlsx named ``filename`` (Chinese names kept)."""
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


# --- Import -------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    """A bad row: its line in the sheet (1 = header), the column, and the reason."""

    line: int
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"line": self.line, "column": self.column, "message": self.message}


@dataclass
class ImportReport:
    """What an import did: rows read, rows saved, and every bad row."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict:
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "errors": [e.as_dict() for e in self.errors],
        }


class BadWorkbook(ValueError):
    """The file is not a readable .xlsx, or its header row lacks required columns."""


def _clean_header(value) -> str:
    return "".join(str(value or "").split()).replace("（", "(").replace("）", ")")


def read_rows(
    file, headers: dict[str, str], required: Iterable[str] = (), header_row: int = 1
) -> Iterator[tuple[int, dict]]:
    """Yield ``(line, {key: value})`` for each non-empty row of the first sheet.

    ``headers`` maps the header text in the file to the key used in the dict; headers
    are compared without spaces and with half-width brackets, so "合同成交额（元）" and
    "合同成交额(元)" match. Raise ``BadWorkbook`` when the file cannot be read or a
    ``required`` header is missing.
    """
    try:
        wb = load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a non-xlsx file
        raise BadWorkbook(_("无法读取该文件，请上传 Excel 2007 及以上格式（.xlsx）的文件。")) from exc
    ws = wb.worksheets[0]
    rows = ws.iter_rows(min_row=header_row, values_only=True)
    try:
        head = next(rows)
    except StopIteration:
        raise BadWorkbook(_("文件是空的。")) from None
    wanted = {_clean_header(text): key for text, key in headers.items()}
    positions = {}
    for index, text in enumerate(head):
        key = wanted.get(_clean_header(text))
        if key is not None:
            positions[key] = index
    by_key = {key: text for text, key in headers.items()}
    missing = [by_key[key] for key in required if key not in positions]
    if missing:
        raise BadWorkbook(_("表头缺少必需的列：%(cols)s") % {"cols": "、".join(missing)})
    for offset, values in enumerate(rows, start=header_row + 1):
        if values is None or all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        yield offset, {key: (values[index] if index < len(values) else None) for key, index in positions.items()}
    wb.close()
