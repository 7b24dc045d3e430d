"""Writes on users."""

from django.db import transaction

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
