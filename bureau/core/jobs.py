"""Background jobs (后台任务): long imports, exports and reports with visible progress.

An app registers a handler for a job kind in its ``AppConfig.ready``:

    @job_handler("contracts.export")
    def export_contracts(job: Job, progress: Progress) -> JobOutcome:
        ...
        progress(done=i, total=n, message="已导出 1200 / 5000 条")
        return JobOutcome(file=("技术合同.xlsx", content), message="已导出 5000 条")

and a view starts it with ``start_job(actor=..., kind=..., title=..., params={...})``.
The job runs in the Celery worker after the request commits; the owner watches its
progress at ``/jobs/<id>/`` and gets an inbox message with the link when it ends. The
task takes the job's id and may run twice: only a queued job is picked up.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .errors import DomainError
from .models import Job

logger = logging.getLogger(__name__)

__all__ = ["Job", "JobOutcome", "Progress", "job_handler", "run_job", "start_job"]


@dataclass
class JobOutcome:
    """What a handler returns: an optional result file, a summary and structured results."""

    message: str = ""
    file: tuple[str, bytes] | None = None
    result: dict = field(default_factory=dict)
    failed: bool = False


Progress = Callable[..., None]
_handlers: dict[str, Callable[[Job, Progress], JobOutcome]] = {}
# kind -> (URL name, args) of the page a job of that kind is started from.
_origins: dict[str, tuple[str, tuple]] = {}


def job_handler(kind: str, *, origin: str | None = None, origin_args: tuple = ()):
    """Register the decorated function as the handler of jobs of ``kind``.

    ``origin`` names the page the job is started from (an import page, say), so the
    job's page can send the user back there to upload a corrected file.
    """

    def decorate(func):
        _handlers[kind] = func
        if origin:
            _origins[kind] = (origin, tuple(origin_args))
        return func

    return decorate


def origin_url(job: Job) -> str:
    """Return the URL of the page jobs of ``job.kind`` start from, or "" when none is known."""
    name, args = _origins.get(job.kind, ("", ()))
    return reverse(name, args=args) if name else ""


@transaction.atomic
def start_job(*, actor, kind: str, title: str, params: dict | None = None, input_file=None) -> Job:
    """Queue a job of ``kind`` for ``actor``; it starts in the worker after commit."""
    if kind not in _handlers:
        raise DomainError(_("未知的后台任务类型：%(kind)s") % {"kind": kind})
    job = Job(kind=kind, title=title, owner=actor, params=params or {})
    if input_file is not None:
        job.input_file.save(getattr(input_file, "name", "upload"), input_file, save=False)
    job.full_clean()
    job.save()
    from .tasks import run_background_job

    transaction.on_commit(lambda: run_background_job.delay(job.pk))
    return job


def _progress_writer(job: Job) -> Progress:
    last = [0.0]
    latest: dict = {}

    def progress(*, done: int, total: int | None = None, message: str = "", force: bool = False) -> None:
        # Throttled: a job of 100,000 rows must not write 100,000 progress updates. The
        # latest figures are kept, so the job's end records them even when skipped here.
        latest["done"] = done
        if total is not None:
            latest["total"] = total
        now = time.monotonic()
        if not force and now - last[0] < 0.5:
            return
        last[0] = now
        values = {"done": done, "message": message[:255]}
        if total is not None:
            values["total"] = total
        Job.objects.filter(pk=job.pk).update(**values)

    progress.latest = latest
    return progress


def run_job(job_id: int) -> Job | None:
    """Run the queued job ``job_id``; a job already started or finished is left alone."""
    claimed = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return None
    job = Job.objects.select_related("owner").get(pk=job_id)
    handler = _handlers.get(job.kind)
    progress = _progress_writer(job)
    try:
        if handler is None:
            raise DomainError(_("未知的后台任务类型：%(kind)s") % {"kind": job.kind})
        outcome = handler(job, progress)
    except Exception as exc:
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        message = exc.message if isinstance(exc, DomainError) else _("任务执行出错：%(error)s") % {"error": exc}
        outcome = JobOutcome(message=str(message), failed=True)
    _finish(job, outcome, progress.latest)
    return job


def _finish(job: Job, outcome: JobOutcome, latest: dict | None = None) -> None:
    with transaction.atomic():
        job.refresh_from_db()
        for name, value in (latest or {}).items():
            setattr(job, name, value)  # the last figures the handler reported, perhaps throttled away
        job.status = Job.Status.FAILED if outcome.failed else Job.Status.DONE
        job.message = (outcome.message or job.message)[:255]
        job.result = outcome.result
        job.finished_at = timezone.now()
        if not outcome.failed:
            # A finished job has done all of it: the page must not say "1 / 3" beside 100%.
            if job.total is None:
                job.total = job.done
            job.done = job.total
        fields = ["status", "message", "result", "finished_at", "done", "total"]
        if outcome.file is not None:
            name, content = outcome.file
            job.result_file.save(name, ContentFile(content), save=False)
            fields.append("result_file")
        job.save(update_fields=fields)
        from bureau.inbox.services import notify

        title = _("后台任务已完成：%(title)s") if not outcome.failed else _("后台任务未能完成：%(title)s")
        notify(
            recipients=[job.owner],
            title=title % {"title": job.title},
            body=job.message,
            url=reverse("jobs:detail", args=[job.pk]),
            actor=None,
        )
