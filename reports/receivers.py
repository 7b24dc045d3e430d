"""Signal receivers: refresh the affected rollups after a workflow transition commits."""

from django.dispatch import receiver

from bureau.core.workflow import transitioned


@receiver(transitioned, dispatch_uid="reports-refresh-on-transition")
def refresh_after_transition(sender, instance, log, **kwargs):
    """Queue a narrowed refresh of the indicators the changed object counts in.

    The signal is sent after commit, so the task reads the new state. Only the families
    watching the object's model are refreshed, for its regions and the years it touches.
    """
    from reports import providers
    from reports.tasks import refresh_rollups

    label = sender._meta.label
    for family in providers.families():
        watch = family.watches.get(label)
        if watch is None:
            continue
        scope = watch(instance, log)
        if not scope:
            continue
        refresh_rollups.delay(codes=list(family.codes), region_ids=sorted(scope.region_ids), years=sorted(scope.years))
