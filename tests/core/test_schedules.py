"""Beat schedules declared in each app's beat.py and synced into django-celery-beat."""

import types
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

from bureau.core import schedules
from bureau.core.schedules import declared_schedules, sync_schedules

pytestmark = pytest.mark.django_db

# Declared in bureau/core/beat.py, bureau/inbox/beat.py, bureau/publicity/beat.py,
# contracts/beat.py, reports/beat.py and enterprises/certification/beat.py.
EXPECTED = {
    "worker-heartbeat": "bureau.core.tasks.heartbeat",
    "daily-digest": "bureau.inbox.tasks.send_daily_digests",
    "close-expired-publicity": "bureau.publicity.tasks.close_expired",
    "contracts-report-overdue": "contracts.tasks.report_overdue_contracts",
    "reports-rollup-current-year": "reports.tasks.refresh_current_year",
    "reports-rollup-full": "reports.tasks.refresh_rollups",
    "certification-reminders": "enterprises.certification.tasks.send_reminders",
    "certification-cultivation-rollup": "enterprises.certification.tasks.refresh_cultivation",
}


@pytest.fixture
def no_tasks(db):
    """Start from an empty table (migrate already synced the schedules into the test database)."""
    PeriodicTask.objects.all().delete()


def test_every_apps_beat_module_is_collected():
    declared = declared_schedules()
    assert {name: entry["task"] for name, entry in declared.items() if name in EXPECTED} == EXPECTED


def test_sync_creates_every_declared_schedule(no_tasks):
    created = sync_schedules()
    declared = declared_schedules()
    assert sorted(created) == sorted(declared)
    assert set(EXPECTED) <= set(created)
    tasks = {t.name: t for t in PeriodicTask.objects.select_related("interval", "crontab")}
    assert set(tasks) == set(declared)
    for name, entry in declared.items():
        task = tasks[name]
        assert task.task == entry["task"]
        assert task.description == entry.get("description", "")
        assert task.enabled
        declared_schedule = entry["schedule"]
        if isinstance(declared_schedule, timedelta):
            assert task.crontab is None
            assert task.interval.period == IntervalSchedule.SECONDS
            assert task.interval.every == declared_schedule.total_seconds()
        else:
            assert task.interval is None
            stored = task.crontab.schedule  # the celery crontab beat will run
            for field in ("minute", "hour", "day_of_week", "day_of_month", "month_of_year"):
                assert getattr(stored, field) == getattr(declared_schedule, field), (name, field)


def test_interval_and_crontab_are_stored_as_declared(no_tasks):
    sync_schedules()
    heartbeat = PeriodicTask.objects.get(name="worker-heartbeat")
    assert (heartbeat.interval.every, heartbeat.interval.period) == (30, IntervalSchedule.SECONDS)
    rollup = PeriodicTask.objects.get(name="reports-rollup-current-year")
    assert (rollup.interval.every, rollup.interval.period) == (15 * 60, IntervalSchedule.SECONDS)

    digest = PeriodicTask.objects.get(name="daily-digest").crontab
    assert (digest.minute, digest.hour, digest.day_of_week, digest.day_of_month, digest.month_of_year) == (
        "0",
        "8",
        "*",
        "*",
        "*",
    )
    # Crontabs run in the bureau's time zone, not UTC.
    assert str(digest.timezone) == "Asia/Shanghai"
    reminders = PeriodicTask.objects.get(name="certification-reminders").crontab
    assert (reminders.hour, reminders.minute) == ("7", "30")


def test_a_resync_keeps_admin_edits_and_creates_no_duplicates(no_tasks):
    sync_schedules()
    counts = (PeriodicTask.objects.count(), CrontabSchedule.objects.count(), IntervalSchedule.objects.count())

    # An administrator turns the digest off, moves it to 9:15 and rewrites its description;
    # and moves the heartbeat to a crontab.
    digest = PeriodicTask.objects.get(name="daily-digest")
    nine, _ = CrontabSchedule.objects.get_or_create(minute="15", hour="9", timezone="Asia/Shanghai")
    digest.enabled = False
    digest.crontab = nine
    digest.description = "管理员改为 9:15，暂停"
    digest.save()
    heartbeat = PeriodicTask.objects.get(name="worker-heartbeat")
    every_minute, _ = CrontabSchedule.objects.get_or_create(minute="*", hour="*", timezone="Asia/Shanghai")
    heartbeat.interval = None
    heartbeat.crontab = every_minute
    heartbeat.save()

    assert sync_schedules() == []
    assert sync_schedules() == []

    digest.refresh_from_db()
    assert digest.enabled is False
    assert digest.crontab_id == nine.pk
    assert digest.description == "管理员改为 9:15，暂停"
    heartbeat.refresh_from_db()
    assert heartbeat.interval_id is None and heartbeat.crontab_id == every_minute.pk
    assert PeriodicTask.objects.count() == counts[0]
    assert PeriodicTask.objects.filter(name="daily-digest").count() == 1


def test_a_resync_recreates_only_what_is_missing(no_tasks):
    sync_schedules()
    PeriodicTask.objects.filter(name="daily-digest").delete()
    assert sync_schedules() == ["daily-digest"]
    assert PeriodicTask.objects.filter(name="daily-digest").count() == 1
    assert PeriodicTask.objects.count() == len(declared_schedules())


def test_a_renamed_task_path_is_corrected_and_nothing_else(no_tasks):
    sync_schedules()
    PeriodicTask.objects.filter(name="daily-digest").update(
        task="bureau.inbox.tasks.old_digest_name", enabled=False, description="旧说明"
    )
    assert sync_schedules() == []
    digest = PeriodicTask.objects.get(name="daily-digest")
    assert digest.task == "bureau.inbox.tasks.send_daily_digests"
    assert digest.enabled is False
    assert digest.description == "旧说明"


def test_schedules_the_code_no_longer_declares_are_left_alone(no_tasks):
    every_hour, _ = IntervalSchedule.objects.get_or_create(every=3600, period=IntervalSchedule.SECONDS)
    PeriodicTask.objects.create(name="admin-made", task="bureau.core.tasks.ping", interval=every_hour)
    sync_schedules()
    assert PeriodicTask.objects.filter(name="admin-made", task="bureau.core.tasks.ping").exists()


def test_shared_schedule_rows_are_reused(no_tasks):
    sync_schedules()
    PeriodicTask.objects.all().delete()
    crontabs, intervals = CrontabSchedule.objects.count(), IntervalSchedule.objects.count()
    sync_schedules()
    assert (CrontabSchedule.objects.count(), IntervalSchedule.objects.count()) == (crontabs, intervals)


def _fake_beat(monkeypatch, module_name, schedules_dict):
    real = schedules.import_module

    def fake(name):
        if name == module_name:
            return types.SimpleNamespace(SCHEDULES=schedules_dict)
        return real(name)

    monkeypatch.setattr(schedules, "import_module", fake)


def test_a_name_declared_by_two_apps_is_refused(monkeypatch):
    _fake_beat(monkeypatch, "reports.beat", {"worker-heartbeat": {"task": "x", "schedule": timedelta(seconds=5)}})
    with pytest.raises(ValueError, match="worker-heartbeat"):
        declared_schedules()


def test_an_unsupported_schedule_is_refused_and_nothing_is_half_synced(no_tasks, monkeypatch):
    _fake_beat(monkeypatch, "reports.beat", {"odd": {"task": "x", "schedule": 30}})
    with pytest.raises(TypeError, match="Unsupported schedule"):
        sync_schedules()
    assert not PeriodicTask.objects.exists()  # one transaction


def test_a_broken_beat_module_is_not_mistaken_for_a_missing_one(monkeypatch):
    real = schedules.import_module

    def broken(name):
        if name == "reports.beat":
            raise ModuleNotFoundError("No module named 'missing_dependency'", name="missing_dependency")
        return real(name)

    monkeypatch.setattr(schedules, "import_module", broken)
    with pytest.raises(ModuleNotFoundError):
        declared_schedules()


def test_the_command_syncs_and_reports_what_it_created(no_tasks):
    out = StringIO()
    call_command("sync_schedules", stdout=out)
    assert f"Created {len(declared_schedules())} schedule(s)" in out.getvalue()
    assert "worker-heartbeat" in out.getvalue()
    assert set(PeriodicTask.objects.values_list("name", flat=True)) == set(declared_schedules())

    PeriodicTask.objects.filter(name="daily-digest").update(enabled=False)
    out = StringIO()
    call_command("sync_schedules", stdout=out)
    assert "Created 0 schedule(s): -" in out.getvalue()
    assert PeriodicTask.objects.get(name="daily-digest").enabled is False


def test_migrate_syncs_the_schedules(no_tasks):
    # post_migrate runs even when there is nothing to migrate.
    call_command("migrate", verbosity=0, interactive=False)
    assert set(PeriodicTask.objects.values_list("name", flat=True)) == set(declared_schedules())
    PeriodicTask.objects.filter(name="worker-heartbeat").update(enabled=False)
    call_command("migrate", verbosity=0, interactive=False)
    assert PeriodicTask.objects.get(name="worker-heartbeat").enabled is False
    assert PeriodicTask.objects.count() == len(declared_schedules())
