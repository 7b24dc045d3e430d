from decimal import Decimal

import pytest
from django.db import connection

from reports import providers
from reports.services.indicators import sync_indicators
from tests.reports.factories import build_city


@pytest.fixture
def city(db):
    """株洲市 with 醴陵市, 攸县 and 株洲高新区 (a park, rolled up on its own)."""
    return build_city()


DEALS_SQL = """
SELECT 'test.deals.count' AS code, region_id, date_trunc('month', day)::date AS month,
       CASE WHEN GROUPING(kind) = 1 THEN '' ELSE 'kind:' || kind END AS breakdown, count(*)::numeric
FROM test_deals WHERE day >= %(start)s AND day < %(end)s
GROUP BY GROUPING SETS ((region_id, date_trunc('month', day)), (region_id, date_trunc('month', day), kind))
UNION ALL
SELECT 'test.deals.amount', region_id, date_trunc('month', day)::date, '', sum(amount)
FROM test_deals WHERE day >= %(start)s AND day < %(end)s
GROUP BY 2, 3
"""


@pytest.fixture
def deals(city):
    """A flow family "test.deals" reading a temporary table of dated amounts."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE test_deals (region_id bigint, day date, amount numeric, kind text)")
    family = providers.Family(
        key="test.deals",
        kind="flow",
        indicators=(
            providers.IndicatorSpec("test.deals.count", "测试合同数", "项", "count", "测试", breakdowns=("kind",)),
            providers.IndicatorSpec("test.deals.amount", "测试成交额", "亿元", "money", "测试", is_key=True),
        ),
        sql=DEALS_SQL,
        first_date_sql="SELECT min(day) FROM test_deals",
        categories={"kind": [("a", "开发"), ("b", "转让")]},
    )
    providers.register(family)
    sync_indicators()

    def add(region, day, amount, kind="a"):
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO test_deals VALUES (%s, %s, %s, %s)", [region.pk, day, Decimal(amount), kind])

    yield add
    providers.unregister("test.deals")
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS test_deals")


@pytest.fixture
def celery_worker_queue(transactional_db):
    """Start ``celery -A bureau worker`` on the test database and the run's Redis; yield its queue.

    The worker consumes only a queue of its own, so no other task of this Redis reaches it,
    and tasks sent with ``apply_async(queue=...)`` go through the real broker.
    """
    import os
    import subprocess
    import sys
    import time
    import uuid
    from pathlib import Path

    from django.conf import settings
    from django.db import connection

    from bureau.celery import app

    queue = f"reports-test-{uuid.uuid4().hex[:8]}"
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bureau.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "REDIS_URL": settings.REDIS_URL,
    }
    root = Path(__file__).resolve().parents[2]
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "bureau", "worker", "-Q", queue, "--pool=solo", "-l", "WARNING"],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if worker.poll() is not None:
                raise RuntimeError("celery worker exited: " + worker.stdout.read().decode(errors="replace"))
            listening = app.control.inspect(timeout=1.0).active_queues() or {}
            if any(q["name"] == queue for queues in listening.values() for q in queues):
                break
        else:
            raise RuntimeError("celery worker did not start within 60 s")
        yield queue
    finally:
        app.conf.task_always_eager = eager
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
