"""A database or Redis that is down at start: one line saying which and how to fix it.

The entry points run in subprocesses, as an operator would start them: manage.py, the
Celery worker and beat, and gunicorn on ``bureau.wsgi``. Port 1 on the loopback is
closed, so each connection attempt is refused at once.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

import manage
from bureau import embedded
from tests.conftest import database_url

ROOT = Path(__file__).resolve().parents[2]
CLOSED_DATABASE = "postgres://postgres@127.0.0.1:1/bureau"
CLOSED_REDIS = "redis://127.0.0.1:1/0"


def reachable_database_url() -> str:
    """Return a URL to the run's PostgreSQL server, at its ``postgres`` maintenance database."""
    return database_url(settings.DATABASES["default"], "postgres")


def run(args: list[str], *, database: str, redis: str, timeout: int = 60, **extra_env):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bureau.settings.test",
        "DATABASE_URL": database,
        "REDIS_URL": redis,
        **extra_env,
    }
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)


def error_lines(stderr: str) -> list[str]:
    """Return stderr without the ordinary log lines Django's logging prints while starting."""
    return [line for line in stderr.splitlines() if line.strip() and " INFO " not in line]


def test_manage_with_database_down_prints_one_line_naming_postgresql():
    result = run([sys.executable, "manage.py", "migrate", "--no-input"], database=CLOSED_DATABASE, redis=CLOSED_REDIS)

    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "PostgreSQL" in lines[0]
    assert "127.0.0.1:1/bureau" in lines[0]
    assert "DATABASE_URL" in lines[0]  # how to fix it
    assert "Traceback" not in result.stderr


def test_manage_with_redis_down_prints_one_line_naming_redis():
    # --check applies nothing even if the check failed to stop it.
    result = run(
        [sys.executable, "manage.py", "migrate", "--check"], database=reachable_database_url(), redis=CLOSED_REDIS
    )

    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "Redis" in lines[0]
    assert "PostgreSQL" not in lines[0]
    assert "REDIS_URL" in lines[0]
    assert "Traceback" not in result.stderr


def test_manage_check_needs_no_services():
    result = run([sys.executable, "manage.py", "check"], database=CLOSED_DATABASE, redis=CLOSED_REDIS)

    assert result.returncode == 0, result.stderr
    assert "System check identified" in result.stdout


@pytest.mark.parametrize(
    ("argv", "needed"),
    [
        (["manage.py", "migrate"], True),
        (["manage.py", "runserver"], True),
        (["manage.py", "seed_demo"], True),
        (["manage.py", "shell"], True),
        (["manage.py", "check"], False),
        (["manage.py", "collectstatic", "--no-input"], False),
        (["manage.py", "compile_translations"], False),
        (["manage.py", "makemigrations", "--check"], False),
        (["manage.py", "help"], False),
        (["manage.py", "--version"], False),
        (["manage.py"], False),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else str(value),
)
def test_which_commands_check_the_services(argv, needed):
    assert manage.needs_services(argv) is needed


@pytest.mark.parametrize(
    ("command", "database", "redis", "named", "fix"),
    [
        ("worker", CLOSED_DATABASE, CLOSED_REDIS, "PostgreSQL", "DATABASE_URL"),
        ("beat", "reachable", CLOSED_REDIS, "Redis", "REDIS_URL"),
    ],
    ids=["worker-database-down", "beat-redis-down"],
)
def test_celery_start_with_a_service_down_prints_one_line(command, database, redis, named, fix):
    database = reachable_database_url() if database == "reachable" else database
    result = run([sys.executable, "-m", "celery", "-A", "bureau", command], database=database, redis=redis)

    assert result.returncode == 2
    lines = error_lines(result.stderr)
    assert len(lines) == 1, result.stderr
    assert named in lines[0]
    assert fix in lines[0]
    assert "Traceback" not in result.stderr + result.stdout


def test_gunicorn_with_database_down_stops_instead_of_restarting_workers():
    result = run(
        [sys.executable, "-m", "gunicorn", "--bind", "127.0.0.1:0", "--workers", "1", "bureau.wsgi:application"],
        database=CLOSED_DATABASE,
        redis=CLOSED_REDIS,
        DJANGO_SETTINGS_MODULE="bureau.settings.production",
        SECRET_KEY="k" * 30 + "0123456789abcdefghijklmnopqrstuvwxyz",
        ALLOWED_HOSTS="portal.example.org",
    )

    # 3 is gunicorn's "worker failed to boot": the master shuts down.
    assert result.returncode == 3, result.stderr
    ours = [line for line in result.stderr.splitlines() if "PostgreSQL" in line]
    assert len(ours) == 1, result.stderr
    assert "DATABASE_URL" in ours[0]
    assert "Traceback" not in result.stderr


def test_messages_hide_passwords_and_say_how_to_create_a_missing_database():
    with pytest.raises(embedded.ServiceUnavailable) as closed:
        embedded.check_services(
            {"NAME": "bureau", "USER": "u", "PASSWORD": "s3cret-db", "HOST": "127.0.0.1", "PORT": 1},
            "redis://:s3cret-redis@127.0.0.1:1/0",
            timeout=1,
        )
    assert "s3cret" not in str(closed.value)

    db = dict(settings.DATABASES["default"], NAME="bureau_no_such_database")
    with pytest.raises(embedded.ServiceUnavailable) as missing:
        embedded.check_services(db, settings.REDIS_URL, timeout=1)
    assert "createdb bureau_no_such_database" in str(missing.value)

    with pytest.raises(embedded.ServiceUnavailable) as redis_down:
        embedded.check_services(
            dict(settings.DATABASES["default"], NAME="postgres"), "redis://:s3cret-redis@127.0.0.1:1/0", timeout=1
        )
    message = str(redis_down.value)
    assert "Redis" in message
    assert "redis://127.0.0.1:1/0" in message
    assert "s3cret" not in message
