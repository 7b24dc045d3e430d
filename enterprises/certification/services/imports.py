"""Imports of previous years' lists (历史名单导入): SME registrations and high-tech certificates.

The rows are read and checked by the import-export resources (``..resources``); this
module applies one checked SME row, and runs a whole file for the staff page, all or
nothing, turning import-export's result into the portal's per-row report.
"""

from __future__ import annotations

from datetime import date

import tablib
from django.db import transaction
from django.utils.translation import gettext as _

from bureau.core.errors import InvalidInput
from bureau.core.excel import BadWorkbook, ImportReport, RowError

from ..models import SmeEvaluation
from ..policy import sme_number_problem, sme_valid_until
from .common import ensure_result_recorder, log_creation


@transaction.atomic
def apply_sme_registration(
    *, actor, evaluation: SmeEvaluation, number: str, registered_on: date, today: date | None = None
) -> SmeEvaluation:
    """Record one row of a province SME list: on the evaluation waiting for it, or as an imported registration."""
    ensure_result_recorder(actor)
    problem = sme_number_problem(number, evaluation.year)
    if problem:
        raise InvalidInput(problem, fields={"registration_number": problem})
    if evaluation.pk is not None:
        from .sme import record_number

        return record_number(
            actor=actor, evaluation=evaluation, number=number, registered_on=registered_on, today=today
        )
    evaluation.status = SmeEvaluation.Status.REGISTERED  # created in its final state: an import, not a transition
    evaluation.source = SmeEvaluation.Source.IMPORTED
    evaluation.registration_number = number
    evaluation.registered_on = registered_on
    evaluation.valid_until = sme_valid_until(evaluation.year)
    evaluation.created_by = actor
    evaluation.full_clean()
    evaluation.save()
    log_creation(obj=evaluation, label=_("历史名单导入"), actor=actor, comment=_("入库登记编号：%(n)s") % {"n": number})
    return evaluation


def load_dataset(file) -> tablib.Dataset:
    """Read the first sheet of an uploaded .xlsx into a Dataset (header row first)."""
    try:
        content = file.read()
        dataset = tablib.Dataset().load(content, format="xlsx")
    except Exception as exc:  # tablib/openpyxl raise many types for a non-xlsx file
        raise BadWorkbook(_("无法读取该文件，请上传 Excel 2007 及以上格式（.xlsx）的文件。")) from exc
    dataset.headers = ["".join(str(h or "").split()) for h in (dataset.headers or [])]
    return dataset


def report_from(result) -> ImportReport:
    """Turn an import-export result into the portal's report: every bad row with its line (header = 1)."""
    report = ImportReport(rows=result.total_rows)
    for error in result.base_errors:
        message = error.error.messages[0] if hasattr(error.error, "messages") else str(error.error)
        report.errors.append(RowError(line=1, column="", message=message))
    for invalid in result.invalid_rows:
        for column, messages in invalid.error_dict.items():
            column = "" if column == "__all__" else column
            report.errors.append(RowError(line=invalid.number + 1, column=column, message="；".join(messages)))
    for number, errors in result.row_errors():
        for error in errors:
            report.errors.append(RowError(line=number + 1, column="", message=str(error.error)))
    report.errors.sort(key=lambda e: (e.line, e.column))
    report.created = result.totals.get("new", 0)
    report.updated = result.totals.get("update", 0)
    return report


def run_import(*, resource_class, actor, file, progress=None, today: date | None = None) -> ImportReport:
    """Import a whole file, all or nothing: nothing is saved when any row is bad."""
    ensure_result_recorder(actor)
    dataset = load_dataset(file)
    total = len(dataset)
    if progress:
        progress(done=0, total=total, message=_("正在检查 %(n)s 行…") % {"n": total}, force=True)
    resource = resource_class(
        today=today,
        progress=(
            lambda n: progress(done=n, total=total, message=_("已处理 %(n)s / %(total)s 行") % {"n": n, "total": total})
        )
        if progress
        else None,
    )
    result = resource.import_data(
        dataset, dry_run=False, use_transactions=True, rollback_on_validation_errors=True, user=actor
    )
    report = report_from(result)
    if not report.ok:
        report.created = report.updated = 0
    return report
