"""bureau/core/cache.py: clearing the cache leaves other processes' keys alone."""

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache

from bureau.core.cache import PrefixedRedisCache


def test_clear_removes_only_keys_under_its_own_prefix():
    other = PrefixedRedisCache(settings.REDIS_URL, {"KEY_PREFIX": "bureau-test-other-process"})
    raw = RedisCache(settings.REDIS_URL, {})
    other.set("kept", "yes")
    raw.set("unprefixed", "yes")
    cache.set("mine", 1)
    cache.set("mine-versioned", 2, version=3)
    try:
        cache.clear()
        assert cache.get("mine") is None
        assert cache.get("mine-versioned", version=3) is None
        assert other.get("kept") == "yes"
        assert raw.get("unprefixed") == "yes"
    finally:
        other.clear()
        raw.delete("unprefixed")
    assert other.get("kept") is None
