"""Reads of notices."""


def home_sections() -> dict:
    """Return the notice lists shown on the public home page."""
    return {"latest_notices": [], "open_calls": []}
