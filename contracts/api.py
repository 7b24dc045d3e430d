"""REST endpoints of the contracts app (registered on the /api/v1/ router)."""


def register(router):
    """Register this app's viewsets on ``router``."""
