"""The production-like deployment files agree with each other and with the code.

There is no Docker engine where the tests run, so the files are read as data:
docker-compose.yml (YAML), the Dockerfile, .env.example and .dockerignore.
"""

import ast
import importlib.util
import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
APP_SERVICES = ["migrate", "web", "worker", "beat"]


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


@pytest.fixture(scope="module")
def dockerfile():
    return (ROOT / "Dockerfile").read_text()


@pytest.fixture(scope="module")
def env_example():
    """Return .env.example's KEY=value lines (commented-out ones left out)."""
    values = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values


def command_of(service: dict) -> list[str]:
    command = service["command"]
    return command.split() if isinstance(command, str) else command


def test_compose_defines_the_services(compose):
    services = compose["services"]
    assert {"postgres", "redis", "web", "worker", "beat"} <= set(services)
    assert services["postgres"]["image"] == "postgres:16"
    assert services["redis"]["image"] == "redis:7"


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_services_build_the_image_and_use_production_settings(compose, name):
    service = compose["services"][name]
    assert service["build"] == "."
    assert service["env_file"] == ".env"
    assert service["environment"]["DJANGO_SETTINGS_MODULE"] == "bureau.settings.production"
    assert "media:/app/media" in service["volumes"]


def test_service_commands(compose):
    services = compose["services"]
    assert command_of(services["migrate"]) == ["python", "manage.py", "migrate", "--no-input"]
    assert services["migrate"]["restart"] == "no"

    web = command_of(services["web"])
    assert web[:2] == ["gunicorn", "bureau.wsgi:application"]
    assert "--preload" in web  # the start-up check runs once, in the master
    assert "0.0.0.0:8000" in web

    assert command_of(services["worker"])[:4] == ["celery", "-A", "bureau", "worker"]
    beat = command_of(services["beat"])
    assert beat[:4] == ["celery", "-A", "bureau", "beat"]
    assert "--scheduler=django_celery_beat.schedulers:DatabaseScheduler" in beat
    assert "--enable-remote-control" in beat  # answers its health check's ping


@pytest.mark.parametrize("name", ["web", "worker", "beat"])
def test_long_running_services_wait_for_healthy_servers_and_migrations(compose, name):
    depends_on = compose["services"][name]["depends_on"]
    assert depends_on == {
        "postgres": {"condition": "service_healthy"},
        "redis": {"condition": "service_healthy"},
        "migrate": {"condition": "service_completed_successfully"},
    }


@pytest.mark.parametrize("name", ["postgres", "redis", "web", "worker", "beat"])
def test_services_have_healthchecks(compose, name):
    check = compose["services"][name]["healthcheck"]
    assert check["test"][0] in {"CMD", "CMD-SHELL"}
    assert check["interval"]


def test_healthcheck_targets(compose):
    services = compose["services"]
    web_check = "\n".join(services["web"]["healthcheck"]["test"])
    assert "http://127.0.0.1:8000/healthz" in web_check
    assert "X-Forwarded-Proto" in web_check  # or the HTTPS redirect answers 301
    assert "celery@$$HOSTNAME" in services["worker"]["healthcheck"]["test"][1]
    assert "celerybeat@$$HOSTNAME" in services["beat"]["healthcheck"]["test"][1]
    # The web healthcheck is Python that runs: compile it.
    compile(services["web"]["healthcheck"]["test"][-1], "healthcheck", "exec")


def test_data_lives_in_volumes(compose):
    assert {"pgdata", "media"} <= set(compose["volumes"])
    assert "pgdata:/var/lib/postgresql/data" in compose["services"]["postgres"]["volumes"]


def test_web_port_is_published_on_the_loopback_only(compose):
    # Django trusts X-Forwarded-Proto, so only the TLS proxy on the host may reach it.
    for port in compose["services"]["web"]["ports"]:
        assert port.startswith("127.0.0.1:")


def test_env_example_urls_point_at_the_compose_services(compose, env_example):
    postgres = compose["services"]["postgres"]["environment"]
    database = urlparse(env_example["DATABASE_URL"])
    assert database.hostname == "postgres"
    assert database.username == postgres["POSTGRES_USER"]
    assert database.password == env_example["POSTGRES_PASSWORD"]
    assert database.path == "/" + postgres["POSTGRES_DB"]
    assert urlparse(env_example["REDIS_URL"]).hostname == "redis"


def test_env_example_documents_what_compose_and_the_settings_need(compose, env_example):
    text = (ROOT / "docker-compose.yml").read_text()
    interpolated = set(re.findall(r"\$\{([A-Z_]+)", text))
    assert interpolated <= set(env_example), interpolated - set(env_example)
    for key in [
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "DATABASE_URL",
        "REDIS_URL",
        "SECURE_SSL_REDIRECT",
        "EMAIL_HOST",
        "EMAIL_PORT",
        "EMAIL_HOST_USER",
        "EMAIL_HOST_PASSWORD",
        "DEFAULT_FROM_EMAIL",
    ]:
        assert key in env_example, key
    assert env_example["SECRET_KEY"] == ""  # never a usable secret in the repository


def test_env_example_with_a_secret_passes_check_deploy(env_example):
    env = {**os.environ, **env_example, "SECRET_KEY": secrets.token_urlsafe(64)}
    env["DJANGO_SETTINGS_MODULE"] = "bureau.settings.production"
    # The browser tests set this for their own process; a deployment never has it.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_dockerfile_builds_on_python_slim_with_node_assets(dockerfile):
    assert re.search(r"^FROM python:3\.11-slim\b", dockerfile, re.M)
    assert re.search(r"^FROM node:\S+ AS assets$", dockerfile, re.M)
    assert "npm ci" in dockerfile
    assert "COPY --from=assets /assets/node_modules ./node_modules" in dockerfile
    assert "pip install -r" in dockerfile
    assert re.search(r"^USER (?!root)\w+", dockerfile, re.M)  # not root at run time


def test_dockerfile_collects_static_with_a_build_only_secret(dockerfile):
    build_step = next(step for step in dockerfile.split("\nRUN ") if "collectstatic" in step)
    assert "SECRET_KEY=" in build_step
    assert "secrets.token_urlsafe" in build_step  # made for this step, not a fixed value
    assert "compile_translations" in build_step
    # The secret is not part of the image's environment.
    assert not re.search(r"^(ENV|ARG)\b[^\n]*SECRET_KEY", dockerfile, re.M)


def test_dockerfile_command_runs_gunicorn_on_an_existing_wsgi_application(dockerfile):
    command = json.loads(re.search(r"^CMD (\[.*\])$", dockerfile, re.M).group(1))
    assert command[0] == "gunicorn"
    module_name, _, attribute = command[1].partition(":")
    assert (module_name, attribute) == ("bureau.wsgi", "application")

    spec = importlib.util.find_spec(module_name)
    assert spec is not None
    tree = ast.parse(Path(spec.origin).read_text())
    assigned = {target.id for node in tree.body if isinstance(node, ast.Assign) for target in node.targets}
    assert attribute in assigned


def test_gunicorn_is_pinned_in_requirements():
    pins = dict(
        line.split("==", 1)
        for line in (ROOT / "requirements.txt").read_text().splitlines()
        if "==" in line and not line.startswith("#")
    )
    assert re.fullmatch(r"\d+\.\d+\.\d+", pins["gunicorn"])
    assert importlib.util.find_spec("gunicorn") is not None


def test_dockerignore_keeps_local_state_and_secrets_out():
    entries = {line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()}
    assert {".venv", "node_modules", ".data", "test-artifacts", ".git", ".env"} <= entries
