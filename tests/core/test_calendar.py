"""Working days by the Chinese calendar (bureau/calendar.py) and its admin override table.

The expected dates follow the State Council's 2026 arrangement as the installed
chinese-calendar package knows it:
  元旦 1-1..1-3 off, Sunday 1-4 worked;
  春节 2-15..2-23 off, Saturdays 2-14 and 2-28 worked;
  中秋 9-25..9-27 off; 国庆 10-1..10-7 off, Sunday 9-20 and Saturday 10-10 worked.
The package stops at 2026, so 2027 on is Monday to Friday plus the override table.
"""

import logging
from datetime import date, timedelta

import chinese_calendar
import pytest
from django.urls import reverse

from bureau import calendar
from bureau.accounts.models import Role
from bureau.calendar import WorkCalendar, add_working_days, is_working_day, working_days_between
from bureau.core.models import CalendarOverride
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

D = date


@pytest.fixture(autouse=True)
def _fresh_default_calendar(monkeypatch):
    """Start and end each test with no loaded overrides and no year warned about yet.

    A test's overrides are rolled back without a signal, so the process-wide calendar
    must not keep them for the next test.
    """
    monkeypatch.setattr(calendar, "_default_warned_years", set())
    calendar.invalidate_default_calendar()
    yield
    calendar.invalidate_default_calendar()


def test_the_package_knows_the_2026_arrangement_these_tables_rely_on():
    # If the package is upgraded with different data, the tables below must be re-read.
    assert chinese_calendar.is_workday(D(2026, 10, 10)) and chinese_calendar.is_holiday(D(2026, 10, 7))
    assert chinese_calendar.is_workday(D(2026, 2, 14)) and chinese_calendar.is_workday(D(2026, 2, 28))
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(D(2027, 1, 4))


ADD_CASES = [
    # n = 0 returns the start itself, working day or not.
    pytest.param(D(2026, 9, 30), 0, D(2026, 9, 30), id="zero-on-workday"),
    pytest.param(D(2026, 10, 3), 0, D(2026, 10, 3), id="zero-on-holiday"),
    pytest.param(D(2026, 3, 7), 0, D(2026, 3, 7), id="zero-on-saturday"),
    # Ordinary weeks.
    pytest.param(D(2026, 3, 5), 1, D(2026, 3, 6), id="thu+1-is-fri"),
    pytest.param(D(2026, 3, 6), 1, D(2026, 3, 9), id="fri+1-skips-weekend"),
    pytest.param(D(2026, 3, 7), 1, D(2026, 3, 9), id="sat+1-is-mon"),
    pytest.param(D(2026, 3, 8), 1, D(2026, 3, 9), id="sun+1-is-mon"),
    pytest.param(D(2026, 3, 6), 5, D(2026, 3, 13), id="fri+5-is-next-fri"),
    # 中秋 and 国庆 2026.
    pytest.param(D(2026, 9, 18), 1, D(2026, 9, 20), id="fri+1-is-makeup-sunday-0920"),
    pytest.param(D(2026, 9, 24), 1, D(2026, 9, 28), id="before-mid-autumn+1"),
    pytest.param(D(2026, 9, 30), 1, D(2026, 10, 8), id="0930+1-after-national-day"),
    pytest.param(D(2026, 9, 30), 2, D(2026, 10, 9), id="0930+2"),
    pytest.param(D(2026, 9, 30), 3, D(2026, 10, 10), id="0930+3-makeup-saturday"),
    pytest.param(D(2026, 9, 30), 4, D(2026, 10, 12), id="0930+4-skips-sunday-1011"),
    pytest.param(D(2026, 10, 1), 1, D(2026, 10, 8), id="first-holiday+1"),
    pytest.param(D(2026, 10, 7), 1, D(2026, 10, 8), id="last-holiday+1"),
    pytest.param(D(2026, 10, 8), 1, D(2026, 10, 9), id="first-workday-after+1"),
    pytest.param(D(2026, 9, 25), 10, D(2026, 10, 15), id="across-both-holidays+10"),
    # 春节 2026.
    pytest.param(D(2026, 2, 13), 1, D(2026, 2, 14), id="fri+1-is-makeup-saturday-0214"),
    pytest.param(D(2026, 2, 13), 2, D(2026, 2, 24), id="fri+2-after-spring-festival"),
    pytest.param(D(2026, 2, 14), 1, D(2026, 2, 24), id="makeup-saturday+1"),
    pytest.param(D(2026, 2, 15), 1, D(2026, 2, 24), id="first-spring-holiday+1"),
    pytest.param(D(2026, 2, 23), 1, D(2026, 2, 24), id="last-spring-holiday+1"),
    pytest.param(D(2026, 2, 27), 1, D(2026, 2, 28), id="fri+1-is-makeup-saturday-0228"),
    pytest.param(D(2026, 2, 27), 2, D(2026, 3, 2), id="fri+2-skips-sunday-0301"),
    pytest.param(D(2026, 2, 12), 5, D(2026, 2, 26), id="thu+5-across-spring-festival"),
    # 元旦 2026, across the year boundary.
    pytest.param(D(2025, 12, 31), 1, D(2026, 1, 4), id="new-year-eve+1-is-makeup-sunday"),
    pytest.param(D(2025, 12, 31), 2, D(2026, 1, 5), id="new-year-eve+2"),
    # Negative n counts backwards.
    pytest.param(D(2026, 3, 9), -1, D(2026, 3, 6), id="mon-1-is-fri"),
    pytest.param(D(2026, 3, 8), -1, D(2026, 3, 6), id="sun-1-is-fri"),
    pytest.param(D(2026, 10, 8), -1, D(2026, 9, 30), id="after-national-day-1"),
    pytest.param(D(2026, 10, 10), -3, D(2026, 9, 30), id="makeup-saturday-3"),
    pytest.param(D(2026, 10, 12), -1, D(2026, 10, 10), id="mon-1-is-makeup-saturday"),
    pytest.param(D(2026, 10, 5), -1, D(2026, 9, 30), id="inside-holiday-1"),
    pytest.param(D(2026, 2, 24), -1, D(2026, 2, 14), id="after-spring-festival-1"),
    pytest.param(D(2026, 2, 24), -2, D(2026, 2, 13), id="after-spring-festival-2"),
    pytest.param(D(2026, 1, 5), -2, D(2025, 12, 31), id="back-across-new-year"),
]


@pytest.mark.parametrize(("start", "n", "expected"), ADD_CASES)
def test_add_working_days(start, n, expected):
    assert add_working_days(start, n) == expected


def test_the_documented_national_day_example():
    assert add_working_days(date(2026, 9, 30), 3) == date(2026, 10, 10)


BETWEEN_CASES = [
    pytest.param(D(2026, 3, 9), D(2026, 3, 9), 0, id="same-workday"),
    pytest.param(D(2026, 10, 3), D(2026, 10, 3), 0, id="same-holiday"),
    pytest.param(D(2026, 3, 6), D(2026, 3, 7), 0, id="fri-to-sat"),
    pytest.param(D(2026, 3, 6), D(2026, 3, 9), 1, id="fri-to-mon"),
    pytest.param(D(2026, 3, 5), D(2026, 3, 6), 1, id="end-included"),
    pytest.param(D(2026, 3, 7), D(2026, 3, 13), 5, id="sat-to-next-fri"),
    pytest.param(D(2026, 9, 30), D(2026, 10, 7), 0, id="over-national-day-only"),
    pytest.param(D(2026, 9, 30), D(2026, 10, 10), 3, id="to-makeup-saturday"),
    pytest.param(D(2026, 9, 30), D(2026, 10, 11), 3, id="to-sunday-after"),
    pytest.param(D(2026, 9, 18), D(2026, 9, 30), 8, id="makeup-sunday-and-mid-autumn"),
    pytest.param(D(2026, 2, 13), D(2026, 2, 28), 6, id="spring-festival-with-makeups"),
    pytest.param(D(2026, 2, 14), D(2026, 2, 23), 0, id="makeup-saturday-to-last-holiday"),
    pytest.param(D(2025, 12, 31), D(2026, 1, 4), 1, id="across-new-year"),
    # Reversed: minus the working days from end up to but excluding start.
    pytest.param(D(2026, 3, 9), D(2026, 3, 6), -1, id="reversed-mon-to-fri"),
    pytest.param(D(2026, 3, 7), D(2026, 3, 6), -1, id="reversed-sat-to-fri-overdue"),
    pytest.param(D(2026, 3, 8), D(2026, 3, 7), 0, id="reversed-sun-to-sat"),
    pytest.param(D(2026, 10, 10), D(2026, 9, 30), -3, id="reversed-over-national-day"),
    pytest.param(D(2026, 10, 7), D(2026, 9, 30), -1, id="reversed-holiday-to-last-workday"),
    pytest.param(D(2026, 2, 28), D(2026, 2, 13), -6, id="reversed-spring-festival"),
]


@pytest.mark.parametrize(("start", "end", "expected"), BETWEEN_CASES)
def test_working_days_between(start, end, expected):
    assert working_days_between(start, end) == expected


@pytest.mark.parametrize("n", [-10, -3, -1, 0, 1, 3, 10])
@pytest.mark.parametrize(
    "start",
    [
        pytest.param(D(2026, 9, 30), id="workday"),
        pytest.param(D(2026, 10, 4), id="holiday"),
        pytest.param(D(2026, 10, 10), id="makeup-day"),
        pytest.param(D(2026, 2, 22), id="spring-holiday"),
        pytest.param(D(2026, 3, 8), id="sunday"),
    ],
)
def test_between_inverts_add_as_documented(start, n):
    assert working_days_between(start, add_working_days(start, n)) == n


def test_a_deadline_on_friday_is_overdue_over_the_weekend():
    friday = D(2026, 3, 6)
    assert working_days_between(friday, friday) == 0  # due today
    assert working_days_between(D(2026, 3, 7), friday) < 0  # Saturday: overdue already
    assert working_days_between(D(2026, 3, 9), friday) == -1  # Monday: still one day overdue


# --- The override table -------------------------------------------------------------


def test_override_turns_a_holiday_into_a_workday():
    CalendarOverride.objects.create(date=D(2026, 10, 5), is_working_day=True, note="调休上班")
    assert is_working_day(D(2026, 10, 5))
    assert add_working_days(D(2026, 9, 30), 1) == D(2026, 10, 5)
    assert add_working_days(D(2026, 9, 30), 3) == D(2026, 10, 9)
    assert working_days_between(D(2026, 9, 30), D(2026, 10, 10)) == 4


def test_override_turns_a_workday_into_a_holiday():
    CalendarOverride.objects.create(date=D(2026, 10, 8), is_working_day=False, note="临时放假")
    assert not is_working_day(D(2026, 10, 8))
    assert add_working_days(D(2026, 9, 30), 3) == D(2026, 10, 12)
    assert working_days_between(D(2026, 9, 30), D(2026, 10, 10)) == 2


def test_saving_and_deleting_an_override_refreshes_the_default_calendar():
    day = D(2026, 10, 9)
    assert add_working_days(D(2026, 9, 30), 2) == day  # loads the (empty) overrides

    override = CalendarOverride.objects.create(date=day, is_working_day=False)
    assert add_working_days(D(2026, 9, 30), 2) == D(2026, 10, 10)

    override.is_working_day = True
    override.save()
    assert add_working_days(D(2026, 9, 30), 2) == day

    override.is_working_day = False
    override.save()
    assert not is_working_day(day)

    override.delete()
    assert is_working_day(day)


def test_changes_from_another_process_are_read_within_the_reload_interval(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(calendar, "monotonic", lambda: now[0])
    assert is_working_day(D(2026, 10, 8))
    # bulk_create sends no signal: like a row saved by another web process or the admin of another host.
    CalendarOverride.objects.bulk_create([CalendarOverride(date=D(2026, 10, 8), is_working_day=False)])
    now[0] += calendar.RELOAD_SECONDS - 1
    assert is_working_day(D(2026, 10, 8))  # still the loaded calendar
    now[0] += 2
    assert not is_working_day(D(2026, 10, 8))


def test_the_default_calendar_is_loaded_once(django_assert_num_queries):
    with django_assert_num_queries(1):
        for n in range(1, 30):
            add_working_days(D(2026, 9, 1), n)
        working_days_between(D(2026, 1, 1), D(2026, 12, 31))


def test_an_explicit_calendar_uses_only_its_own_overrides(django_assert_num_queries):
    CalendarOverride.objects.create(date=D(2026, 10, 8), is_working_day=False)
    cal = WorkCalendar({D(2026, 10, 10): False})
    with django_assert_num_queries(0):
        assert add_working_days(D(2026, 9, 30), 3, cal) == D(2026, 10, 12)
        assert working_days_between(D(2026, 9, 30), D(2026, 10, 12), cal) == 3


def test_overrides_that_leave_no_working_day_raise_instead_of_looping():
    start = D(2026, 3, 1)
    cal = WorkCalendar({start + timedelta(days=i): False for i in range(1, 100)})
    with pytest.raises(ValueError, match="no working day within"):
        add_working_days(start, 1, cal)


# --- Years the package does not know -------------------------------------------------


UNKNOWN_YEAR_CASES = [
    pytest.param(D(2099, 1, 1), 1, D(2099, 1, 2), id="thu+1"),
    pytest.param(D(2099, 1, 2), 1, D(2099, 1, 5), id="fri+1-skips-weekend"),
    pytest.param(D(2099, 1, 3), 1, D(2099, 1, 5), id="sat+1"),
    pytest.param(D(2099, 1, 5), -1, D(2099, 1, 2), id="mon-1"),
    pytest.param(D(2099, 1, 1), 10, D(2099, 1, 15), id="two-weeks"),
    pytest.param(D(2026, 12, 31), 1, D(2027, 1, 1), id="known-into-unknown-year"),
    pytest.param(D(2027, 1, 1), -1, D(2026, 12, 31), id="unknown-back-into-known-year"),
]


@pytest.mark.parametrize(("start", "n", "expected"), UNKNOWN_YEAR_CASES)
def test_an_unknown_year_uses_monday_to_friday(start, n, expected):
    assert add_working_days(start, n) == expected


def test_an_unknown_year_uses_the_overrides_too():
    CalendarOverride.objects.create(date=D(2099, 1, 3), is_working_day=True, note="调休上班")
    CalendarOverride.objects.create(date=D(2099, 1, 5), is_working_day=False, note="放假")
    assert add_working_days(D(2099, 1, 2), 1) == D(2099, 1, 3)
    assert add_working_days(D(2099, 1, 2), 2) == D(2099, 1, 6)
    assert working_days_between(D(2099, 1, 1), D(2099, 1, 9)) == 6  # 2, 3, 6, 7, 8, 9
    # The administrator enters next year's New Year holiday before the package knows it.
    CalendarOverride.objects.create(date=D(2027, 1, 1), is_working_day=False, note="元旦")
    assert add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 4)


def _warnings(caplog):
    return [r for r in caplog.records if r.name == "bureau.calendar" and r.levelno == logging.WARNING]


def test_an_unknown_year_is_logged_once_per_year(caplog):
    caplog.set_level(logging.WARNING, logger="bureau.calendar")
    add_working_days(D(2099, 1, 1), 30)
    working_days_between(D(2099, 3, 1), D(2099, 12, 31))
    assert len(_warnings(caplog)) == 1
    assert "2099" in _warnings(caplog)[0].getMessage()

    # Reloading the default calendar (an override changed) does not repeat it.
    CalendarOverride.objects.create(date=D(2099, 6, 1), is_working_day=False)
    assert not is_working_day(D(2099, 6, 1))
    assert len(_warnings(caplog)) == 1

    add_working_days(D(2098, 12, 30), 1)
    messages = [r.getMessage() for r in _warnings(caplog)]
    assert len(messages) == 2 and "2098" in messages[1]

    add_working_days(D(2026, 3, 2), 5)  # a known year warns nothing
    assert len(_warnings(caplog)) == 2


def test_an_explicit_calendar_warns_once_per_year_of_its_own(caplog):
    caplog.set_level(logging.WARNING, logger="bureau.calendar")
    cal = WorkCalendar()
    for n in range(1, 5):
        add_working_days(D(2099, 1, 1), n, cal)
    assert len(_warnings(caplog)) == 1


# --- The admin of the override table ------------------------------------------------


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(roles=[Role.ADMINISTRATOR], is_staff=True, is_superuser=True))
    return client


def test_superuser_lists_overrides_with_their_weekday(superuser_client):
    CalendarOverride.objects.create(date=D(2099, 1, 3), is_working_day=True, note="补班测试")
    response = superuser_client.get(reverse("admin:core_calendaroverride_changelist"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "补班测试" in html
    assert "星期六" in html  # 2099-01-03


def test_superuser_adds_an_override_and_deadlines_follow(superuser_client):
    add_url = reverse("admin:core_calendaroverride_add")
    page = superuser_client.get(add_url)
    assert page.status_code == 200
    assert 'name="date"' in page.content.decode() and 'name="is_working_day"' in page.content.decode()

    assert add_working_days(D(2026, 9, 30), 1) == D(2026, 10, 8)
    response = superuser_client.post(add_url, {"date": "2026-10-08", "note": "临时放假"})  # unchecked: a holiday
    assert response.status_code == 302
    assert CalendarOverride.objects.get(date=D(2026, 10, 8)).is_working_day is False
    assert add_working_days(D(2026, 9, 30), 1) == D(2026, 10, 9)


def test_the_override_date_is_unique_in_the_admin(superuser_client):
    CalendarOverride.objects.create(date=D(2026, 10, 8), is_working_day=False)
    response = superuser_client.post(
        reverse("admin:core_calendaroverride_add"), {"date": "2026-10-08", "is_working_day": "on"}
    )
    assert response.status_code == 200  # the form again, with the error
    assert CalendarOverride.objects.filter(date=D(2026, 10, 8)).count() == 1
