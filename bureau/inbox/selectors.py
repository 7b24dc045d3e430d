"""Reads of the inbox."""

from .models import Message, Todo


def header_counts(user) -> dict:
    """Return the counts shown in the header: unread messages and open to-dos."""
    return {
        "unread": Message.objects.for_user(user).unread().count(),
        "todo": Todo.objects.open().for_user(user).count(),
    }


def open_todos(user):
    """Return the user's open to-dos, soonest deadline first."""
    return Todo.objects.open().for_user(user).select_related("region", "department").order_by("due_on", "created_at")


def messages_for(user):
    return Message.objects.for_user(user).select_related("actor")
