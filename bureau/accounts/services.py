"""Writes on users."""

from django.db import transaction
from rest_framework.authtoken.models import Token

from .models import User


@transaction.atomic
def update_preferences(*, actor: User, full_name: str, email: str, phone: str, email_preference: str) -> User:
    """Save the actor's own contact details and e-mail notification choice."""
    actor.full_name = full_name
    actor.email = email
    actor.phone = phone
    actor.email_preference = email_preference
    actor.full_clean(exclude=["password"])
    actor.save(update_fields=["full_name", "email", "phone", "email_preference"])
    return actor


@transaction.atomic
def issue_api_token(*, actor: User):
    """Return the actor's API token, creating it on first use."""
    token, _created = Token.objects.get_or_create(user=actor)
    return token


@transaction.atomic
def revoke_api_token(*, actor: User) -> bool:
    """Delete the actor's API token; return whether there was one."""
    deleted, _ = Token.objects.filter(user=actor).delete()
    return bool(deleted)
