"""Workbench panels: the seller's contracts and the registrar's queue, in a few numbers."""

from django.utils import timezone

from .models import RegistrationOffice, TechnologyContract


def seller_panel(request):
    qs = TechnologyContract.objects.visible_to(request.user)
    return {
        "drafts": qs.filter(status=TechnologyContract.Status.DRAFT).count(),
        "pending": qs.filter(status=TechnologyContract.Status.SUBMITTED).count(),
        "papers": qs.filter(status=TechnologyContract.Status.PAPERS_REQUESTED).count(),
        "registered": qs.registered().count(),
    }


def queue_panel(request):
    user = request.user
    today = timezone.localdate()
    queue = TechnologyContract.objects.queue_for(user)
    visible = TechnologyContract.objects.visible_to(user)
    return {
        "is_registrar": RegistrationOffice.objects.handled_by(user).exists(),
        "waiting": queue.filter(status=TechnologyContract.Status.SUBMITTED).count(),
        "overdue": visible.filter(status=TechnologyContract.Status.SUBMITTED, due_on__lt=today).count(),
        "registered_this_year": visible.registered_in(today.year).count(),
    }
