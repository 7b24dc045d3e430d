"""/healthz: database, Redis and the Celery worker's heartbeat; a dead worker is not a dead site."""

import socket
import time

import pytest
from django.core.cache import cache
from django.db import OperationalError
from django.test import override_settings
from django.urls import reverse

from bureau.core import health
from bureau.core.tasks import HEARTBEAT_KEY, heartbeat

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_heartbeat():
    """Each test starts without a heartbeat (the key lives in the run's shared Redis)."""
    cache.delete(HEARTBEAT_KEY)
    yield
    cache.delete(HEARTBEAT_KEY)


def _healthz(client):
    response = client.get(reverse("healthz"))
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]  # a monitor must never see a cached answer
    return response


def test_with_no_heartbeat_the_worker_is_down_but_the_portal_answers(client):
    response = _healthz(client)
    assert response.status_code == 200
    report = response.json()
    assert report["database"] == {"ok": True}
    assert report["redis"] == {"ok": True}
    assert report["worker"]["ok"] is False
    assert report["worker"]["error"]
    assert report["ok"] is True

    # Worker down is not site down: the public home page still serves.
    home = client.get(reverse("home"))
    assert home.status_code == 200
    assert "株洲市科学技术局" in home.content.decode()


def test_a_heartbeat_from_the_task_makes_the_worker_ok(client):
    heartbeat.delay()  # eager in tests: runs here, writing the key the real worker writes
    response = _healthz(client)
    assert response.status_code == 200
    worker = response.json()["worker"]
    assert worker["ok"] is True
    assert 0 <= worker["last_heartbeat_seconds_ago"] < 5


@pytest.mark.parametrize(
    ("age_offset", "ok"),
    [
        pytest.param(-100, True, id="well-within"),
        pytest.param(-5, True, id="just-within"),
        pytest.param(+5, False, id="just-stale"),
        pytest.param(+3600, False, id="an-hour-stale"),
    ],
)
def test_a_heartbeat_older_than_the_stale_limit_is_not_ok(client, settings, age_offset, ok):
    settings.WORKER_HEARTBEAT_STALE_SECONDS = 120
    age = 120 + age_offset
    cache.set(HEARTBEAT_KEY, time.time() - age, timeout=None)
    response = _healthz(client)
    assert response.status_code == 200  # the worker never turns the page into an error
    report = response.json()
    assert report["worker"]["ok"] is ok
    assert report["worker"]["last_heartbeat_seconds_ago"] == pytest.approx(age, abs=3)
    assert report["ok"] is True


def test_the_stale_limit_comes_from_the_settings(client, settings):
    cache.set(HEARTBEAT_KEY, time.time() - 30, timeout=None)
    settings.WORKER_HEARTBEAT_STALE_SECONDS = 60
    assert _healthz(client).json()["worker"]["ok"] is True
    settings.WORKER_HEARTBEAT_STALE_SECONDS = 10
    assert _healthz(client).json()["worker"]["ok"] is False


def _closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_redis_unreachable_is_reported_with_503_not_500(client, settings):
    cache.set(HEARTBEAT_KEY, time.time(), timeout=None)  # in the real Redis, now out of reach
    unreachable = {
        "default": {
            **settings.CACHES["default"],
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
        }
    }
    with override_settings(CACHES=unreachable):
        started = time.monotonic()
        response = _healthz(client)
        assert time.monotonic() - started < 5
    assert response.status_code == 503
    report = response.json()
    assert report["database"] == {"ok": True}
    assert report["redis"]["ok"] is False
    assert "Connection refused" in report["redis"]["error"] or "connect" in report["redis"]["error"].lower()
    # Without Redis the heartbeat cannot be read: the worker is unknown, said so, not "no heartbeat yet".
    assert report["worker"]["ok"] is False
    assert "Redis" in report["worker"]["error"]
    assert report["ok"] is False


class _DownConnection:
    def cursor(self):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused\nIs it up?')


def test_database_unreachable_is_reported_with_503(client, monkeypatch):
    heartbeat.delay()
    monkeypatch.setattr(health, "connection", _DownConnection())
    response = _healthz(client)
    assert response.status_code == 503
    report = response.json()
    assert report["database"]["ok"] is False
    # One line of the driver's message, enough for an operator.
    assert report["database"]["error"] == 'connection to server at "127.0.0.1", port 5432 failed: Connection refused'
    assert report["redis"] == {"ok": True}
    assert report["worker"]["ok"] is True
    assert report["ok"] is False


def test_healthz_needs_no_login_and_shows_no_secrets(client, settings):
    response = _healthz(client)
    assert response.status_code == 200
    body = response.content.decode()
    assert settings.REDIS_URL not in body
    assert settings.DATABASES["default"]["NAME"] not in body


def test_the_heartbeat_is_scheduled_well_within_the_stale_limit(settings):
    from bureau.core.beat import SCHEDULES

    every = SCHEDULES["worker-heartbeat"]["schedule"].total_seconds()
    # At least two beats may be missed (a busy worker, a beat restart) before /healthz flaps.
    assert 0 < every * 3 <= settings.WORKER_HEARTBEAT_STALE_SECONDS
