"""Reads of the inbox."""


def header_counts(user) -> dict:
    """Return the counts shown in the header: unread messages and open to-dos."""
    return {"unread": 0, "todo": 0}
