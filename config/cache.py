"""Redis as Django's cache, forgiving when Redis is away.

The cache only speeds things up and counts rate limits; when Redis cannot be reached, a read is a
miss and a write is dropped (and logged), so the portal's pages keep working. /healthz reports
Redis down meanwhile; rate limits are not enforced until it returns.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("alliance.cache")
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, ConnectionError, TimeoutError, OSError)


def _answer(value: Any) -> Callable[[tuple, dict], Any]:
    return lambda args, kwargs: value


def _callers_default(args: tuple, kwargs: dict) -> Any:
    """get(key, default) and get_or_set(key, default): the default the caller gave."""
    value = args[1] if len(args) > 1 else kwargs.get("default")
    return value() if callable(value) else value


def _delta(args: tuple, kwargs: dict) -> Any:
    """incr(key, delta): the count a fresh key would have."""
    return args[1] if len(args) > 1 else kwargs.get("delta", 1)


def _forgiving(method: Callable, answer: Callable[[tuple, dict], Any]) -> Callable:
    @wraps(method)
    def run(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except UNREACHABLE as exc:
            logger.warning("cache unreachable, %s skipped: %s", method.__name__, exc)
            return answer(args, kwargs)

    return run


class ForgivingRedisCache(RedisCache):
    get = _forgiving(RedisCache.get, _callers_default)
    get_or_set = _forgiving(RedisCache.get_or_set, _callers_default)
    get_many = _forgiving(RedisCache.get_many, _answer({}))
    has_key = _forgiving(RedisCache.has_key, _answer(False))
    set = _forgiving(RedisCache.set, _answer(None))
    set_many = _forgiving(RedisCache.set_many, _answer([]))
    add = _forgiving(RedisCache.add, _answer(False))
    touch = _forgiving(RedisCache.touch, _answer(False))
    delete = _forgiving(RedisCache.delete, _answer(False))
    delete_many = _forgiving(RedisCache.delete_many, _answer(None))
    clear = _forgiving(RedisCache.clear, _answer(None))
    incr = _forgiving(RedisCache.incr, _delta)
