"""Reads of the talent app: the scoped lists, program counts and the workbench figures.

Only bureau staff and leaders read these records (``services.can_view``); applicants
and experts get nothing, even where ``visible_to`` would show an applicant its own
organization's rows. An expert sees only its own profile (``expert_for``).
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Max, Q, Sum
from django.http import Http404
from django.utils import timezone

from .models import Commissioner, Expert, TalentProgram, TalentSelection
from .services import can_view


def selections_for(user):
    if not can_view(user):
        return TalentSelection.objects.none()
    return TalentSelection.objects.visible_to(user).for_list()


def experts_for(user):
    if not can_view(user):
        return Expert.objects.none()
    return Expert.objects.visible_to(user).for_list()


def commissioners_for(user):
    if not can_view(user):
        return Commissioner.objects.none()
    return Commissioner.objects.visible_to(user).for_list()


def programs_for(user):
    if not can_view(user):
        return TalentProgram.objects.none()
    return TalentProgram.objects.all()


def expert_for(user, pk) -> Expert:
    """Return expert ``pk`` when ``user`` may read it (staff by scope, an expert its own profile), else 404."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    readable = Q(pk__in=experts_for(user).values("pk")) | Q(user_id=user.pk)
    try:
        return Expert.objects.for_list().filter(readable).get(pk=pk)
    except (Expert.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def program_year_counts(user, years: list[int]) -> list[dict]:
    """Return each program with its selections per year in ``years`` (the user's scope), and totals."""
    counts = defaultdict(dict)
    funding = defaultdict(int)
    rows = (
        selections_for(user)
        .filter(year__in=years)
        .order_by()
        .values("program_id", "year")
        .annotate(n=Count("pk"), money=Sum("funding"))
    )
    for row in rows:
        counts[row["program_id"]][row["year"]] = row["n"]
        funding[row["program_id"]] += row["money"] or 0
    totals = selections_for(user).order_by().values("program_id").annotate(n=Count("pk"), last=Max("selected_on"))
    overall = {row["program_id"]: row for row in totals}
    result = []
    for program in programs_for(user):
        by_year = counts.get(program.pk, {})
        result.append(
            {
                "program": program,
                "cells": [(year, by_year.get(year, 0)) for year in years],
                "funding": funding.get(program.pk, 0),
                "total": overall.get(program.pk, {}).get("n", 0),
                "last": overall.get(program.pk, {}).get("last"),
            }
        )
    return result


def selection_years(user) -> list[int]:
    """Return the years shown as columns: this year and the four before, plus any later year recorded."""
    this_year = timezone.localdate().year
    latest = selections_for(user).order_by().aggregate(y=Max("year"))["y"] or this_year
    top = max(this_year, latest)
    return list(range(top, top - 5, -1))


def talent_figures(user) -> dict:
    """Return the workbench figures: experts in the pool, commissioners serving, selections this year."""
    today = timezone.localdate()
    return {
        "experts": experts_for(user).in_pool_on(today).filter(status=Expert.Status.ACTIVE).count(),
        "suspended": experts_for(user).filter(status=Expert.Status.SUSPENDED).count(),
        "commissioners": commissioners_for(user).in_service_on(today).count(),
        "selections": selections_for(user).filter(year=today.year).count(),
        "year": today.year,
    }
