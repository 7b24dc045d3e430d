"""Pages of people selected into talent programs (入选人才): list, detail, form, import."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from bureau.core.errors import DomainError
from bureau.core.excel import xlsx_response
from bureau.core.scoping import get_visible_or_404

from .. import selectors, services
from ..exports import selection_template_xlsx, selections_xlsx
from ..filters import SelectionFilter
from ..forms import ImportForm, SelectionForm
from ..models import TalentSelection
from ..services.imports import COLUMN_HELP, HEADERS, MAX_ROWS, REQUIRED
from ._common import apply_errors, list_page, require_reader, require_writer


@login_required
def selection_list(request):
    require_reader(request.user)
    filterset = SelectionFilter(request.GET, queryset=selectors.selections_for(request.user), request=request)
    return list_page(
        request,
        filterset=filterset,
        ordering=("-selected_on", "full_name", "pk"),
        template="talent/selection_list.html",
        export=selections_xlsx,
        export_name=_("入选人才"),
    )


@login_required
def selection_detail(request, pk: int):
    require_reader(request.user)
    selection = get_visible_or_404(
        TalentSelection.objects.select_related("program", "region", "organization"), request.user, pk=pk
    )
    others = []
    if selection.id_number:
        others = (
            selectors.selections_for(request.user)
            .filter(id_number=selection.id_number)
            .exclude(pk=selection.pk)
            .order_by("-year")
        )
    return render(
        request,
        "talent/selection_detail.html",
        {
            "selection": selection,
            "others": others,
            "can_edit": services.can_write(request.user, selection.region),
        },
    )


@login_required
def selection_edit(request, pk: int | None = None):
    require_writer(request.user)
    selection = (
        get_visible_or_404(TalentSelection.objects.select_related("program", "organization"), request.user, pk=pk)
        if pk
        else None
    )
    form = SelectionForm(request.POST or None, instance=selection, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            if selection is None:
                selection = services.create_selection(actor=request.user, data=form.service_data())
            else:
                selection = services.update_selection(
                    actor=request.user, selection=selection, data=form.service_data(), expected=form.expected
                )
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("入选记录已保存。"))
            return redirect("talent:selection-detail", selection.pk)
    return render(request, "talent/selection_form.html", {"form": form, "selection": selection})


@login_required
def selection_import(request):
    """Import a published selection list (入选名单) from Excel: all rows or none, at once."""
    require_writer(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = services.import_selections(actor=request.user, file=form.cleaned_data["file"])
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            if report.ok:
                messages.success(
                    request,
                    _("入选名单已导入：共 %(rows)s 行，新增 %(created)s 条，更新 %(updated)s 条。")
                    % {"rows": report.rows, "created": report.created, "updated": report.updated},
                )
                return redirect("talent:selection-list")
    columns = [{"header": text, "required": key in REQUIRED, "help": COLUMN_HELP[key]} for text, key in HEADERS.items()]
    return render(
        request,
        "talent/selection_import.html",
        {"form": form, "report": report, "columns": columns, "max_rows": MAX_ROWS},
    )


@login_required
def selection_import_template(request):
    require_writer(request.user)
    return xlsx_response(selection_template_xlsx(), _("入选名单导入模板.xlsx"))
