"""Signal receivers: refresh the affected rollups after a change commits.

Two kinds of change move a computed figure: a workflow transition (the workflow core's
``transitioned``, sent after commit) and a record created already counted (an imported
list of certificates or SME registrations, which no transition announces). Both queue a
refresh narrowed to the families concerned, the record's regions and the years touched.
Creations are gathered per transaction, so importing 500 rows queues one refresh, not 500.
"""

from __future__ import annotations

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from bureau.core.workflow import transitioned


def _queue(codes, region_ids, years) -> None:
    from reports.tasks import refresh_rollups

    refresh_rollups.delay(codes=sorted(codes), region_ids=sorted(region_ids), years=sorted(years))


@receiver(transitioned, dispatch_uid="reports-refresh-on-transition")
def refresh_after_transition(sender, instance, log, **kwargs):
    """Queue a narrowed refresh of the indicators the changed object counts in.

    The signal is sent after commit, so the task reads the new state. Only the families
    watching the object's model are refreshed, for its regions and the years it touches.
    """
    from reports import providers

    label = sender._meta.label
    codes, region_ids, years = set(), set(), set()
    for family in providers.families():
        watch = family.watches.get(label)
        scope = watch(instance, log) if watch is not None else None
        if scope:
            codes |= set(family.codes)
            region_ids |= scope.region_ids
            years |= scope.years
    if codes:
        _queue(codes, region_ids, years)


# --- Records created already counted -------------------------------------------------------


class _Batch:
    """The scopes created in one transaction, refreshed together once it commits."""

    def __init__(self):
        self.codes: set[str] = set()
        self.region_ids: set[int] = set()
        self.years: set[int] = set()
        self.done = False

    def add(self, codes, scope) -> None:
        self.codes |= set(codes)
        self.region_ids |= scope.region_ids
        self.years |= scope.years

    def __call__(self) -> None:
        self.done = True  # a batch that ran takes no more scopes (test helpers keep it listed)
        _queue(self.codes, self.region_ids, self.years)


def _pending_batch():
    """Return the batch already waiting for this transaction's commit, or None.

    It is found among the connection's on-commit callbacks (as Django's own test helper
    reads them), so a batch rolled back with its savepoint is gone with it.
    """
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return None
    return next(
        (entry[1] for entry in connection.run_on_commit if isinstance(entry[1], _Batch) and not entry[1].done), None
    )


def refresh_after_creation(sender, instance, created, raw=False, **kwargs):
    """Add the scope of a record created already counted to its transaction's batch."""
    from reports import providers

    if not created or raw:
        return
    label = sender._meta.label
    for family in providers.families():
        counts = family.creations.get(label)
        scope = counts(instance) if counts is not None else None
        if scope:
            _add_to_batch(family.codes, scope)


def _add_to_batch(codes, scope) -> None:
    batch = _pending_batch()
    if batch is None:
        batch = _Batch()
        batch.add(codes, scope)
        transaction.on_commit(batch)  # outside a transaction this runs at once
    else:
        batch.add(codes, scope)


def refresh_after_change(sender, instance, raw=False, **kwargs):
    """Add the scope of a saved or deleted record with no workflow to its transaction's batch."""
    from reports import providers

    if raw:
        return
    label = sender._meta.label
    for family in providers.families():
        touches = family.changes.get(label)
        scope = touches(instance) if touches is not None else None
        if scope:
            _add_to_batch(family.codes, scope)


def connect_creations() -> None:
    """Listen to the creation of every model a provider's ``creations`` names, and to every
    save and deletion of the models its ``changes`` names."""
    from reports import providers

    labels = {label for family in providers.families() for label in family.creations}
    for label in sorted(labels):
        model = apps.get_model(label)
        post_save.connect(refresh_after_creation, sender=model, dispatch_uid=f"reports-refresh-on-create-{label}")
    labels = {label for family in providers.families() for label in family.changes}
    for label in sorted(labels):
        model = apps.get_model(label)
        post_save.connect(refresh_after_change, sender=model, dispatch_uid=f"reports-refresh-on-save-{label}")
        post_delete.connect(refresh_after_change, sender=model, dispatch_uid=f"reports-refresh-on-delete-{label}")
