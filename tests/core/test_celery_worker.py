"""The Celery app: its configuration, and the heartbeat through a real Redis broker and worker."""

import socket
import time
import uuid

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from kombu.exceptions import EncodeError

from bureau.celery import app
from bureau.core.tasks import HEARTBEAT_KEY, heartbeat, ping


def test_the_app_speaks_json_only():
    assert app.conf.task_serializer == "json"
    assert app.conf.result_serializer == "json"
    assert list(app.conf.accept_content) == ["json"]
    assert app.conf.broker_url.startswith(("redis://", "redis+socket://"))  # TCP, or the embedded socket
    assert app.conf.timezone == settings.TIME_ZONE
    assert app.conf.beat_scheduler == "django_celery_beat.schedulers:DatabaseScheduler"


def test_every_task_has_a_time_limit_with_a_soft_one_first():
    soft, hard = app.conf.task_soft_time_limit, app.conf.task_time_limit
    assert soft and hard
    assert 0 < soft < hard
    # Late acknowledgement plus a prefetch of one: a task killed with its worker runs again.
    assert app.conf.task_acks_late is True
    assert app.conf.worker_prefetch_multiplier == 1


def test_a_task_with_an_argument_json_cannot_carry_is_refused_when_sent():
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False  # through the real producer, which encodes
    try:
        with pytest.raises(EncodeError):
            # A queue nobody consumes: nothing may reach a worker even if encoding were lax.
            ping.apply_async(args=[object()], queue=f"test-refused-{uuid.uuid4().hex[:8]}")
    finally:
        app.conf.task_always_eager = eager


def _wait_for_heartbeat(timeout=15):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cache.get(HEARTBEAT_KEY) is not None:
            return
        time.sleep(0.1)
    raise AssertionError("the worker did not run the heartbeat in time")


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_heartbeat_and_healthz_sees_it(celery_worker_queue, client):
    cache.delete(HEARTBEAT_KEY)
    try:
        before = client.get(reverse("healthz")).json()
        assert before["worker"]["ok"] is False

        sent_at = time.time()
        heartbeat.apply_async(queue=celery_worker_queue)
        _wait_for_heartbeat()
        assert cache.get(HEARTBEAT_KEY) >= sent_at  # written by the worker, after we sent it

        response = client.get(reverse("healthz"))
        assert response.status_code == 200
        report = response.json()
        assert report["worker"]["ok"] is True
        assert report["worker"]["last_heartbeat_seconds_ago"] < 15
        assert report["ok"] is True

        # The running worker has the same JSON-only configuration and time limits.
        node = f"{celery_worker_queue}@{socket.gethostname()}"  # named by the fixture
        conf = app.control.inspect(destination=[node], timeout=2.0).conf(with_defaults=True)[node]
        assert conf["task_serializer"] == "json"
        assert conf["accept_content"] == ["json"]
        assert conf["task_time_limit"] == settings.CELERY_TASK_TIME_LIMIT
        assert conf["task_soft_time_limit"] == settings.CELERY_TASK_SOFT_TIME_LIMIT
    finally:
        cache.delete(HEARTBEAT_KEY)
