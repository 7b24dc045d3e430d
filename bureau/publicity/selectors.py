"""Reads of public notices (公示)."""


def home_sections() -> dict:
    """Return the public notices shown on the home page."""
    return {"open_publicities": []}
