"""Working days (工作日) by the Chinese calendar, with its make-up workdays (调休).

Deadlines in the bureau's rules are counted in working days: a public notice lasts 10
working days, a contract is decided within 15. The holiday package (``chinese-calendar``)
knows the State Council's holiday arrangements up to the year it was released; the
administrator adds later years and local changes in the override table
(``core.CalendarOverride``). For a year the package does not know, Monday to Friday are
working days unless an override says otherwise, and a warning is logged; nothing raises.

The functions are pure given a ``WorkCalendar``; without one they use the default
calendar, which reads the override table once and is refreshed when it changes in this
process, and at least every ``RELOAD_SECONDS`` for changes made by another process (the
admin saves in one web process; other web processes and the Celery worker use it too).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import date, timedelta
from time import monotonic

import chinese_calendar

logger = logging.getLogger(__name__)

__all__ = [
    "WorkCalendar",
    "add_working_days",
    "default_calendar",
    "is_working_day",
    "working_days_between",
]

# A search never needs to look further than this many calendar days for one working day.
_MAX_GAP_DAYS = 60

# How old the default calendar's overrides may get before they are read again.
RELOAD_SECONDS = 60


class WorkCalendar:
    """Decides whether a date is a working day: overrides first, then the holiday package."""

    def __init__(self, overrides: Mapping[date, bool] | None = None, *, warned_years: set[int] | None = None):
        self.overrides = dict(overrides or {})
        # Shared by successive default calendars so each unknown year is logged once per process.
        self._warned_years: set[int] = set() if warned_years is None else warned_years

    def is_working_day(self, day: date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:
            if day.year not in self._warned_years:
                self._warned_years.add(day.year)
                logger.warning(
                    "chinese-calendar has no holiday data for %s; using Monday-Friday plus "
                    "the override table. Add that year's holidays in the admin.",
                    day.year,
                )
            return day.weekday() < 5

    def add_working_days(self, start: date, n: int) -> date:
        """Return the n-th working day after ``start`` (before it when n is negative)."""
        if n == 0:
            return start
        step = timedelta(days=1 if n > 0 else -1)
        remaining = abs(n)
        day = start
        gap = 0
        while remaining:
            day += step
            if self.is_working_day(day):
                remaining -= 1
                gap = 0
            else:
                gap += 1
                if gap > _MAX_GAP_DAYS:
                    raise ValueError(f"no working day within {_MAX_GAP_DAYS} days of {day}: check the overrides")
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Return the working days after ``start`` up to and including ``end``.

        So ``working_days_between(d, add_working_days(d, n)) == n``; negative when ``end``
        is before ``start``: then minus the working days from ``end`` up to but excluding
        ``start``, so a deadline on Friday is one working day overdue on Saturday already.
        """
        if end < start:
            # Shift both ends back a day: counts [end, start) instead of (end, start].
            one = timedelta(days=1)
            return -self.working_days_between(end - one, start - one)
        count = 0
        day = start + timedelta(days=1)
        while day <= end:
            if self.is_working_day(day):
                count += 1
            day += timedelta(days=1)
        return count


_default: WorkCalendar | None = None
_default_loaded_at = 0.0
_default_warned_years: set[int] = set()
# Bumped by each invalidation, so a load that raced with one is not kept.
_generation = 0


def invalidate_default_calendar() -> None:
    """Forget the loaded overrides (called when an override is saved or deleted)."""
    global _default, _generation
    _generation += 1
    _default = None


def default_calendar() -> WorkCalendar:
    """Return the calendar with the database's overrides, read again after a change or ``RELOAD_SECONDS``."""
    global _default, _default_loaded_at
    calendar = _default
    if calendar is not None and monotonic() - _default_loaded_at < RELOAD_SECONDS:
        return calendar
    from bureau.core.models import CalendarOverride

    generation = _generation
    overrides = dict(CalendarOverride.objects.values_list("date", "is_working_day"))
    calendar = WorkCalendar(overrides, warned_years=_default_warned_years)
    if generation == _generation:
        _default, _default_loaded_at = calendar, monotonic()
    return calendar


def is_working_day(day: date, calendar: WorkCalendar | None = None) -> bool:
    return (calendar or default_calendar()).is_working_day(day)


def add_working_days(start: date, n: int, calendar: WorkCalendar | None = None) -> date:
    """Return the n-th working day after ``start``.

    ``add_working_days(date(2026, 9, 30), 3) == date(2026, 10, 10)``: the National Day
    holiday runs from 1 to 7 October, 8 and 9 October are working days and Saturday
    10 October is the make-up workday.
    """
    return (calendar or default_calendar()).add_working_days(start, n)


def working_days_between(start: date, end: date, calendar: WorkCalendar | None = None) -> int:
    """Return the number of working days after ``start`` up to and including ``end``."""
    return (calendar or default_calendar()).working_days_between(start, end)
