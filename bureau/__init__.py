"""The bureau's own core: project settings, users and roles, regions, workflow and shared helpers."""

from .celery import app as celery_app

__all__ = ("celery_app",)
