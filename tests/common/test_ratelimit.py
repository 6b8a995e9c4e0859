"""The one rate limiter (common/ratelimit.py): counts, windows, keys and the API throttles."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from rest_framework.test import APIClient

from common import ratelimit

factory = RequestFactory()


def test_a_limit_lets_its_allowance_through_then_refuses(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "test": "3/h"}
    assert ratelimit.allowance("test") == 3
    assert [ratelimit.hit("test", "1.2.3.4") for _ in range(5)] == [False] * 3 + [True] * 2
    assert ratelimit.hit("test", "1.2.3.5") is False  # another client has its own allowance


def test_reached_counts_nothing_and_count_counts_afterwards(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "test": "2/h"}
    assert not ratelimit.reached("test", "a")
    assert not ratelimit.reached("test", "a")  # asking is free
    ratelimit.count("test", "a")
    assert not ratelimit.reached("test", "a")
    ratelimit.count("test", "a")
    assert ratelimit.reached("test", "a")


def test_wrong_answers_are_limited_per_secret_and_per_address(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "t-code": "2/h", "t-address": "3/h"}
    here = factory.get("/", REMOTE_ADDR="10.0.0.1")
    there = factory.get("/", REMOTE_ADDR="10.0.0.2")
    ratelimit.failure_count(here, "t", "R1")
    ratelimit.failure_count(there, "t", "R1")
    assert ratelimit.failures_over(factory.get("/", REMOTE_ADDR="10.0.0.3"), "t", "R1")
    ratelimit.failure_count(here, "t", "R2")
    assert not ratelimit.failures_over(here, "t", "R3")
    ratelimit.failure_count(here, "t", "R3")
    assert ratelimit.failures_over(here, "t", "R4")  # this address tried three codes


@pytest.mark.redis
def test_no_address_or_secret_is_kept_in_the_cache_in_the_clear():
    ratelimit.hit("wish", "203.0.113.7")
    ratelimit.failure_count(factory.get("/", REMOTE_ADDR="203.0.113.7"), "track", "R123456")
    keys = [key.decode() for key in cache.client.get_client().keys("*")]
    assert keys and not any("203.0.113.7" in key or "R123456" in key for key in keys)


@pytest.mark.django_db
def test_the_login_throttle_counts_by_the_client_address(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api-login": "2/m"}
    api = APIClient()
    codes = [
        api.post(
            "/api/v1/auth/token/",
            {"username": "nobody", "password": "x"},
            HTTP_X_FORWARDED_FOR=f"8.8.{n}.8",  # made up: ignored without trusted proxies
        ).status_code
        for n in range(3)
    ]
    assert codes == [400, 400, 429]
