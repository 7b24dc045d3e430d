"""Signal receivers of the core."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from bureau import calendar

from .models import CalendarOverride


@receiver(post_save, sender=CalendarOverride, dispatch_uid="core-calendar-override-saved")
@receiver(post_delete, sender=CalendarOverride, dispatch_uid="core-calendar-override-deleted")
def refresh_working_days(sender, **kwargs):
    """Forget the loaded working-day overrides so the next deadline uses the change.

    Now, for reads later in this transaction, and again after commit, so a request that
    reloaded the old rows meanwhile does not keep them.
    """
    calendar.invalidate_default_calendar()
    transaction.on_commit(calendar.invalidate_default_calendar)
