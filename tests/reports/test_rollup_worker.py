"""The rollup task through a real broker and worker (reports/tasks.py)."""

import time
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from reports.models import Indicator, Rollup
from reports.periods import Period
from reports.tasks import refresh_rollups
from tests.reports.factories import VerifiedOrganizationFactory, build_city

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _rows():
    return sorted(
        Rollup.objects.values_list(
            "pk", "indicator_id", "region_id", "period", "year", "number", "value", "computed_at"
        )
    )


def _wait_for_refresh(after, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        stamp = Indicator.objects.get(code="org.verified").refreshed_at
        if stamp is not None and (after is None or stamp > after):
            return stamp
        time.sleep(0.3)
    raise AssertionError("the worker did not refresh the rollup in time")


def test_the_worker_computes_the_rollup_and_a_second_run_changes_nothing(celery_worker_queue):
    regions = build_city()
    year = timezone.localdate().year
    tz = ZoneInfo("Asia/Shanghai")
    for key, count in (("liling", 3), ("park", 2)):
        for _ in range(count):
            VerifiedOrganizationFactory(region=regions[key], verified_at=datetime(year, 1, 10, tzinfo=tz))

    refresh_rollups.apply_async(kwargs={"codes": ["org.verified"], "years": [year]}, queue=celery_worker_queue)
    first = _wait_for_refresh(None)

    ytd = Period(year, "ytd", timezone.localdate().month)
    city = Rollup.objects.for_period(ytd).get(indicator__code="org.verified", region=regions["city"], breakdown="")
    assert city.value == 5
    park = Rollup.objects.for_period(ytd).get(indicator__code="org.verified", region=regions["park"], breakdown="")
    assert park.value == 2
    rows = _rows()

    refresh_rollups.apply_async(kwargs={"codes": ["org.verified"], "years": [year]}, queue=celery_worker_queue)
    _wait_for_refresh(first)
    assert _rows() == rows
