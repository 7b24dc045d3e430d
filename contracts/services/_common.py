"""Helpers the services share: who to tell, and the registrars' to-do."""

from django.urls import reverse
from django.utils.translation import gettext as _

from bureau.accounts.models import Role, User
from bureau.inbox.services import close_todos, notify, open_todo


def seller_users(contract) -> list:
    """Return the active users of the seller organization."""
    if contract.seller_id is None:
        return []
    return list(User.objects.filter(memberships__organization_id=contract.seller_id, is_active=True))


def open_registrar_todo(contract, *, actor, title: str) -> None:
    """Open the to-do of the registrars of the contract's office (county staff or the city department)."""
    office = contract.office
    url = reverse("contracts:detail", args=[contract.pk])
    if office.is_county_office:
        open_todo(
            title=title,
            url=url,
            subject=contract,
            role=Role.COUNTY_STAFF,
            region=office.region,
            due_on=contract.due_on,
            actor=actor,
        )
    else:
        open_todo(
            title=title,
            url=url,
            subject=contract,
            role=Role.CITY_STAFF,
            department=office.department,
            due_on=contract.due_on,
            actor=actor,
        )


def tell_seller(contract, *, actor, title: str, body: str = "", todo: bool = False) -> None:
    """Notify the seller's users (e-mail goes after commit), with a to-do when they must act."""
    url = reverse("contracts:detail", args=[contract.pk])
    users = seller_users(contract)
    notify(recipients=users, title=title, body=body, url=url, actor=actor)
    if todo and users:
        open_todo(title=title, url=url, subject=contract, users=users, actor=actor)


def close_contract_todos(contract, *, actor) -> None:
    close_todos(subject=contract, actor=actor)


def contract_title(contract) -> str:
    return _("技术合同“%(name)s”") % {"name": contract.name}
