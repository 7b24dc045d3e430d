"""The technology broker registry (技术经纪人)."""

from __future__ import annotations

from django.db import transaction

from bureau.core.errors import ActionNotPermitted
from contracts.models import Broker

BROKER_FIELDS = (
    "full_name",
    "id_number",
    "phone",
    "organization",
    "organization_name",
    "region",
    "level",
    "certificate_number",
    "valid_from",
    "valid_until",
    "is_active",
)


def can_manage_brokers(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_staff_member)


@transaction.atomic
def save_broker(*, actor, data: dict, broker: Broker | None = None) -> Broker:
    """Create or update a broker; only bureau staff keep the registry."""
    if not can_manage_brokers(actor):
        raise ActionNotPermitted()
    broker = broker or Broker()
    for name in BROKER_FIELDS:
        if name in data:
            setattr(broker, name, data[name])
    if broker.organization is not None and not broker.organization_name:
        broker.organization_name = broker.organization.name
    broker.id_number = (broker.id_number or "").strip().upper()
    broker.full_clean()
    broker.save()
    return broker
