"""Pages of background jobs: my jobs, one job's progress (polled by htmx), its download."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import render

from .jobs import origin_url
from .models import Job
from .scoping import get_visible_or_404


@login_required
def job_list(request):
    """List the jobs the user started, newest first."""
    page = Paginator(Job.objects.visible_to(request.user), 20).get_page(request.GET.get("page"))
    return render(request, "core/job_list.html", {"page_obj": page})


@login_required
def job_detail(request, pk: int):
    """Show one job's progress; htmx polls the status block until the job ends."""
    job = get_visible_or_404(Job.objects, request.user, pk=pk)
    template = "core/_job_status.html" if request.htmx else "core/job_detail.html"
    return render(request, template, {"job": job, "origin_url": origin_url(job)})


@login_required
def job_download(request, pk: int):
    """Send the job's result file to its owner."""
    job = get_visible_or_404(Job.objects, request.user, pk=pk)
    if not job.result_file:
        raise Http404
    return FileResponse(
        job.result_file.open("rb"), as_attachment=True, filename=job.result_file.name.rsplit("/", 1)[-1]
    )
