"""contracts/selectors.py: the queue's working-day clock."""

from datetime import date, timedelta

import pytest

from bureau import calendar
from contracts.models import TechnologyContract
from contracts.selectors import with_clock

from .factories import ContractFactory

pytestmark = pytest.mark.django_db

TODAYS = [
    date(2026, 10, 10),  # the make-up Saturday after National Day
    date(2026, 10, 11),  # a Sunday
    date(2026, 10, 3),  # inside the holiday
    date(2026, 11, 23),  # a Monday
    date(2026, 11, 21),  # the Saturday after a Friday deadline
]


@pytest.mark.parametrize("today", TODAYS, ids=str)
def test_the_queue_clock_agrees_with_the_calendar_ahead_and_overdue(today):
    dues = [today + timedelta(days=offset) for offset in range(-25, 26)]
    rows = with_clock(
        [ContractFactory.build(status=TechnologyContract.Status.SUBMITTED, due_on=due) for due in dues], today=today
    )
    assert [row.days_left for row in rows] == [calendar.working_days_between(today, due) for due in dues]


def test_a_friday_deadline_is_one_working_day_overdue_on_saturday():
    (row,) = with_clock(
        [ContractFactory.build(status=TechnologyContract.Status.SUBMITTED, due_on=date(2026, 11, 20))],
        today=date(2026, 11, 21),
    )
    assert row.days_left == -1


def test_no_clock_for_filings_that_are_not_waiting_for_the_registrar():
    rows = with_clock(
        [ContractFactory.build(status=TechnologyContract.Status.DRAFT, due_on=date(2026, 11, 20))],
        today=date(2026, 11, 21),
    )
    assert rows[0].days_left is None
