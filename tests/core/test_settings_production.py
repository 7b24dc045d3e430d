"""The production settings refuse to start without a real secret and pass check --deploy."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def manage(*args: str, **env_overrides: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bureau.settings.production",
        "ALLOWED_HOSTS": "kjj.example.gov.cn",
        **env_overrides,
    }
    # The browser tests set this for their own process; a deployment never has it.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    "secret",
    [
        "",
        "x" * 49,
        "dev-insecure-key-do-not-use-in-production-at-all-ever-0123",
        "django-insecure-" + "a" * 50,
        "ab" * 40,
    ],
    ids=["empty", "49-chars", "dev-default", "django-insecure", "4-distinct-characters"],
)
def test_refuses_to_start_without_a_real_secret_key(secret):
    result = manage("check", SECRET_KEY=secret)

    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "生产环境必须设置 SECRET_KEY" in lines[0]
    assert "secrets.token_urlsafe" in lines[0]  # how to make one


def test_refuses_to_start_without_allowed_hosts():
    result = manage("check", SECRET_KEY=secrets.token_urlsafe(48), ALLOWED_HOSTS="")

    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "生产环境必须设置 ALLOWED_HOSTS" in result.stderr


def test_check_deploy_reports_no_issues():
    secret = secrets.token_urlsafe(48)
    assert len(secret) == 64

    result = manage("check", "--deploy", "--fail-level", "WARNING", SECRET_KEY=secret)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_settings_values():
    """Read the module in a subprocess: the HTTPS settings check --deploy relies on, and WhiteNoise."""
    code = (
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SECURE_HSTS_SECONDS >= 31536000, s.SECURE_PROXY_SSL_HEADER, s.ALLOWED_HOSTS,"
        " s.STORAGES['staticfiles']['BACKEND'], s.EMAIL_BACKEND)"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bureau.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "kjj.example.gov.cn,www.kjj.example.gov.cn",
    }
    env.pop("EMAIL_BACKEND", None)
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[0] == (
        "False True True True True ('HTTP_X_FORWARDED_PROTO', 'https') "
        "['kjj.example.gov.cn', 'www.kjj.example.gov.cn'] "
        "whitenoise.storage.CompressedManifestStaticFilesStorage "
        "django.core.mail.backends.smtp.EmailBackend"
    )
