import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest

from bureau.accounts.models import Role
from tests.factories import CountyFactory, DepartmentFactory, MembershipFactory, UserFactory


def database_url(db: dict, name: str | None = None) -> str:
    """Return a DATABASE_URL reaching the server of settings dict ``db`` (database ``name``).

    A TCP server is ``postgres://user@host:port/name``; the embedded server listens on a
    Unix socket only, spelt as libpq's ``host`` parameter (the form its own URI takes).
    """
    host = db.get("HOST") or db.get("OPTIONS", {}).get("host") or "127.0.0.1"
    user = quote(db.get("USER") or "postgres", safe="")
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    name = name or db["NAME"]
    if host.startswith("/"):
        return f"postgresql://{user}{password}@/{name}?host={quote(host)}"
    return f"postgres://{user}{password}@{host}:{db.get('PORT') or 5432}/{name}"


@pytest.fixture
def county(db):
    return CountyFactory()


@pytest.fixture
def city_staff(db):
    return UserFactory(roles=[Role.CITY_STAFF], department=DepartmentFactory())


@pytest.fixture
def county_staff(county):
    return UserFactory(roles=[Role.COUNTY_STAFF], region=county)


@pytest.fixture
def applicant(db):
    """An applicant user who administers one organization (``applicant.memberships``)."""
    return MembershipFactory().user


@pytest.fixture
def leader(db):
    return UserFactory(roles=[Role.LEADER])


@pytest.fixture(autouse=True)
def _default_language(settings):
    """Start every test in the default language: a request in English leaves it active in the thread."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def celery_worker_queue(transactional_db):
    """Start ``celery -A bureau worker`` on the test database and the run's Redis; yield its queue.

    The worker consumes only a queue of its own and has a node name of its own, so no other
    task of this Redis reaches it and two runs side by side (pytest -n) do not mix up their
    workers. Tasks sent with ``apply_async(queue=...)`` go through the real broker; the test
    is transactional so the worker sees the rows it commits. The worker's node name is
    ``<queue>@<hostname>``, for ``app.control`` calls aimed at it.
    """
    from django.conf import settings
    from django.db import connection

    from bureau.celery import app

    queue = f"test-{uuid.uuid4().hex[:8]}"
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bureau.settings.test",
        "DATABASE_URL": database_url(db),
        "REDIS_URL": settings.REDIS_URL,
    }
    # A file, not a pipe: a chatty worker would block on a full pipe nobody reads.
    with tempfile.TemporaryFile() as log:
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "bureau",
                "worker",
                "-Q",
                queue,
                "-n",
                f"{queue}@%h",
                "--pool=solo",
                # No waiting for or chatting with other workers: starts and stops faster.
                "--without-mingle",
                "--without-gossip",
                "-l",
                "WARNING",
            ],
            cwd=Path(__file__).resolve().parents[1],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )

        def output():
            log.seek(0)
            return log.read().decode(errors="replace")[-5000:]

        eager = app.conf.task_always_eager
        app.conf.task_always_eager = False
        try:
            deadline = time.monotonic() + 60
            node = f"{queue}@"
            while time.monotonic() < deadline:
                if worker.poll() is not None:
                    raise RuntimeError("celery worker exited: " + output())
                listening = app.control.inspect(timeout=0.5).active_queues() or {}
                if any(name.startswith(node) and any(q["name"] == queue for q in qs) for name, qs in listening.items()):
                    break
            else:
                raise RuntimeError("celery worker did not start within 60 s: " + output())
            yield queue
        finally:
            app.conf.task_always_eager = eager
            worker.terminate()
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
