"""Reads of the inbox."""

from django.db.models import F, Func, IntegerField, Subquery

from bureau.accounts.models import User

from .models import Message, Todo

PANEL_TODOS = 5


class _Count(Func):
    # COUNT(*) as a plain function, so a scalar subquery counts its rows without GROUP BY.
    function = "COUNT"
    template = "%(function)s(*)"
    output_field = IntegerField()


def _count_subquery(queryset):
    return Subquery(queryset.order_by().annotate(_n=_Count()).values("_n")[:1], output_field=IntegerField())


def header_counts(user) -> dict:
    """Return the counts shown in the header: unread messages and open to-dos.

    Every signed-in page shows them, so both counts come back in one SQL statement
    (plus the user's groups, which the page loads anyway for the role menu).
    """
    if not getattr(user, "is_authenticated", False):
        return {"unread": 0, "todo": 0}
    return (
        User.objects.filter(pk=user.pk)
        .annotate(
            unread=_count_subquery(Message.objects.for_user(user).unread()),
            todo=_count_subquery(Todo.objects.open().for_user(user)),
        )
        .values("unread", "todo")
        .get()
    )


def open_todos(user):
    """Return the user's open to-dos, soonest deadline first (no deadline last)."""
    return (
        Todo.objects.open()
        .for_user(user)
        .select_related("region", "department")
        .order_by(F("due_on").asc(nulls_last=True), "created_at", "pk")
    )


def messages_for(user, *, unread_only: bool = False):
    """Return the user's messages, newest first, with their senders."""
    qs = Message.objects.for_user(user).select_related("actor")
    return qs.unread() if unread_only else qs


def workbench_summary(user) -> dict:
    """Return what the workbench panel shows: the first open to-dos and both counts."""
    return {"todos": list(open_todos(user)[:PANEL_TODOS]), **header_counts(user)}
