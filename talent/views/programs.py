"""The talent programs (人才计划) with the number of people selected each year."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .. import selectors
from ._common import require_reader


@login_required
def program_list(request):
    require_reader(request.user)
    years = selectors.selection_years(request.user)
    rows = selectors.program_year_counts(request.user, years)
    totals = [sum(row["cells"][i][1] for row in rows) for i in range(len(years))]
    return render(
        request,
        "talent/program_list.html",
        {
            "rows": rows,
            "years": years,
            "totals": totals,
            "grand_total": sum(row["total"] for row in rows),
            "funding_total": sum(row["funding"] for row in rows),
        },
    )
