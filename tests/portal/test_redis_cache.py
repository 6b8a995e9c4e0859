import pytest
from django.core.cache import caches
from django_redis.cache import RedisCache


@pytest.mark.redis
def test_the_cache_is_redis_and_round_trips():
    cache = caches["default"]
    assert isinstance(cache, RedisCache)
    cache.set("alliance-test-key", {"street": "张湾"}, timeout=30)
    assert cache.get("alliance-test-key") == {"street": "张湾"}
