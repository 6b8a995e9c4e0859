"""Redis as Django's cache, forgiving when Redis is away.

The cache only speeds things up and counts rate limits; when Redis cannot be reached, a read is a
miss and a write is dropped (and logged), so the portal's pages keep working. /healthz reports
Redis down meanwhile; rate limits are not enforced until it returns.
"""

from __future__ import annotations

import logging
from functools import wraps
from typing import Any

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("alliance.cache")
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, ConnectionError, TimeoutError, OSError)


def _forgiving(default: Any):
    def decorate(method):
        @wraps(method)
        def run(self, *args: Any, **kwargs: Any) -> Any:
            try:
                return method(self, *args, **kwargs)
            except UNREACHABLE as exc:
                logger.warning("cache unreachable, %s skipped: %s", method.__name__, exc)
                if method.__name__ in ("get", "get_or_set"):
                    value = args[1] if len(args) > 1 else kwargs.get("default", default)
                    return value() if callable(value) else value  # the caller's default
                return default

        return run

    return decorate


class ForgivingRedisCache(RedisCache):
    get = _forgiving(None)(RedisCache.get)
    get_many = _forgiving({})(RedisCache.get_many)
    get_or_set = _forgiving(None)(RedisCache.get_or_set)
    has_key = _forgiving(False)(RedisCache.has_key)
    set = _forgiving(None)(RedisCache.set)
    set_many = _forgiving([])(RedisCache.set_many)
    add = _forgiving(False)(RedisCache.add)
    touch = _forgiving(False)(RedisCache.touch)
    delete = _forgiving(False)(RedisCache.delete)
    delete_many = _forgiving(None)(RedisCache.delete_many)
    clear = _forgiving(None)(RedisCache.clear)

    def incr(self, key: Any, delta: int = 1, version: Any = None) -> int:
        try:
            return super().incr(key, delta, version)
        except UNREACHABLE as exc:
            logger.warning("cache unreachable, incr skipped: %s", exc)
            return delta
