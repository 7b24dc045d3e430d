"""What changes the certification figures: transitions that commit, and records created already in force."""

from __future__ import annotations

from django.utils import timezone

from .. import Scope
from ._common import CERTIFICATE, _model


def _scope(instance, years) -> Scope:
    """Return the scope of the figures a record touches: its enterprise's region, in ``years``."""
    return Scope(region_ids=frozenset({instance.organization.region_id}), years=frozenset(years))


def _local_year(moment) -> int:
    return timezone.localtime(moment).year if moment else timezone.localdate().year


def watch_certificate(instance, log) -> Scope | None:
    """A cancellation ends a certificate's count from its day on (and drops it from the year it was issued)."""
    if log.to_state != "cancelled":
        return None
    years = {instance.issued_on.year, _local_year(instance.cancelled_at)}
    return _scope(instance, years)


def watch_application(instance, log) -> Scope | None:
    """Recording the province's certificate on an application adds that certificate."""
    if log.to_state != "certified":
        return None
    issued = list(_model(CERTIFICATE).objects.filter(application=instance).values_list("issued_on", flat=True))
    if not issued:
        return None
    return _scope(instance, {day.year for day in issued})


def watch_evaluation(instance, log) -> Scope | None:
    """An SME registration (入库) or its revocation changes both SME figures."""
    if "registered" not in (log.from_state, log.to_state):
        return None
    years = {instance.year}
    if instance.registered_on:
        years.add(instance.registered_on.year)
    if instance.revoked_at:
        years.add(_local_year(instance.revoked_at))
    return _scope(instance, years)


def created_certificate(instance) -> Scope | None:
    """A certificate entered on its own or imported from the province's list (no transition tells)."""
    if instance.application_id is not None:  # its application's "certified" transition tells
        return None
    return _scope(instance, {instance.issued_on.year})


def created_evaluation(instance) -> Scope | None:
    """A registration imported from a previous year's list is created already registered."""
    if instance.status != "registered":
        return None
    years = {instance.year} | ({instance.registered_on.year} if instance.registered_on else set())
    return _scope(instance, years)
