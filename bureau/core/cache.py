"""A Redis cache whose ``clear()`` removes only its own keys.

Django's ``RedisCache.clear()`` flushes the whole Redis database. Parallel test
processes (pytest-xdist) share one Redis database, each with its own key prefix, so a
test that clears the cache must not wipe the keys of another process.
"""

from django.core.cache.backends.redis import RedisCache


class PrefixedRedisCache(RedisCache):
    """Clear only the keys under this cache's ``KEY_PREFIX``."""

    def clear(self):
        client = self._cache.get_client(write=True)
        # Django's default key function spells keys "<prefix>:<version>:<key>".
        pattern = f"{self.key_prefix}:*"
        batch = []
        for key in client.scan_iter(match=pattern, count=1000):
            batch.append(key)
            if len(batch) >= 1000:
                client.delete(*batch)
                batch.clear()
        if batch:
            client.delete(*batch)
        return True
