"""A small fixed-window rate limit on the cache, for public forms (objections, lookups).

if not ratelimit.spend(f"progress:{ratelimit.client_ip(request)}", limit=20, window=600):
    ... refuse ...
"""

from django.conf import settings
from django.core.cache import cache


def client_ip(request) -> str:
    """Return the caller's address.

    ``X-Forwarded-For`` is only believed for the hops our own proxies added
    (``TRUSTED_PROXY_COUNT``); otherwise a client could pick any address it likes.
    """
    hops = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if hops:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def used(key: str) -> int:
    """Return how many times ``key`` was spent in the current window."""
    return cache.get(f"ratelimit:{key}") or 0


def spend(key: str, *, limit: int, window: int) -> bool:
    """Count one use of ``key``; return False when this use goes over ``limit`` in ``window`` seconds."""
    full = f"ratelimit:{key}"
    if cache.add(full, 1, timeout=window):
        return limit >= 1
    try:
        count = cache.incr(full)
    except ValueError:  # expired between add and incr
        cache.add(full, 1, timeout=window)
        return True
    return count <= limit
