"""Every GET route of the URL conf, HTML pages and API alike, called with hypothesis-generated
query parameters, anonymously and as each role: whatever a visitor types into the address bar,
the site answers a page, a redirect, 400 or 404 — never an error 5xx.

The routes are read from the URL resolver (as the permission matrix does,
tests/accounts/test_scope_in_every_page.py), so a new page is fuzzed the day it is added. For
each route the parameters are those its view reads (the names its module passes to
request.GET / query_params, the fields of the forms and FilterSets it parses them with, its
paginator's) together with the generic ones every kind of page is tried with. The values are
the nasty ones: not numbers, numbers too big or below zero, years 0 and 99999, NUL bytes,
unicode digits, long strings, broken bounding boxes and cursors. The URL's own arguments that
are not objects (a year, a month) are fuzzed too. Runs are derandomized, so CI sees the same
examples every time.
"""

from __future__ import annotations

import base64
import inspect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import pytest
from django import forms
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grids.models import Node
from organizations.models import Unit
from tests.accounts.matrix import ROLES
from tests.accounts.test_scope_in_every_api import _model_of
from tests.accounts.test_scope_in_every_page import MISSING, OBJECT_ARGS

pytestmark = pytest.mark.django_db

# Parameters every route is tried with, whether its view reads them or not.
GENERIC = (
    "page",
    "page_size",
    "cursor",
    "year",
    "month",
    "months",
    "bbox",
    "compound",
    "unit",
    "community",
    "node",
    "q",
    "limit",
    "sort",
    "ordering",
    "status",
    "kind",
    "category",
    "lat",
    "lng",
    "minutes",
    "date",
    "format",
    "street",
)


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


NASTY = (
    "",
    " ",
    "0",
    "-1",
    "1",
    "99999",
    "0.5",
    "-0",
    "1e309",
    "nan",
    "inf",
    "-inf",
    "abc",
    "²",
    "١٢",
    "\x00",
    "1\x00",
    "9" * 30,
    str(2**31),
    str(2**63),
    str(-(2**63) - 1),
    "x" * 3000,
    "1,2,3",
    "a,b,c,d",
    "nan,inf,-inf,nan",
    "1,2,3,4,5",
    "-190,-100,190,100",
    "117,36,116,35",
    "0000-00",
    "0000-01",
    "0001-01",
    "9999-12",
    "99999-01",
    "2026-13",
    "2026-00",
    "2026-1x",
    "２０２６-０１",
    "2026-02-30",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "%",
    "../../etc/passwd",
    "!!!not-base64",
    _b64("p=not-a-date"),
    _b64("o=99999999999999999999&r=1&p=2026-01-01"),
    _b64("o=-5&p=x"),
    _b64("r=1&p=2026-01-01T00:00:00%2B00:00"),
    _b64("\x00"),
    "cD0yMDI2",
    "xlsx",
    "csv",
    "json",
    "api",
    "published",
    "rest",
    "true",
    "-created_at",
    "__class__",
)
# The URL's own arguments that are not objects.
PATH_VALUES = {
    "year": st.one_of(st.sampled_from([0, 1, 99999, 2026, 10**12]), st.integers(0, 10**20)),
    "month": st.one_of(
        st.sampled_from(["2026-01", "0000-00", "9999-12", "2026-13", "abc", "99999-01", "1"]),
        st.text(st.characters(blacklist_characters="/"), min_size=1, max_size=12),
    ),
    "code": st.sampled_from(["000000", "ABC123", "x" * 300, "%00"]),
    "token": st.sampled_from(["nope", "x" * 300]),
    "uidb64": st.sampled_from(["MQ", "xx", "%00", "x" * 300]),  # Django's reset link
    "action": None,  # filled from the converter's choices
}
VALUES = st.one_of(
    st.sampled_from(NASTY),
    st.sampled_from(NASTY),
    st.text(max_size=12),
    st.integers().map(str),
    st.floats().map(str),
)
# Routes left out: the admin (its own tests), files by path (the media tests), the schema and
# its viewer (drf-spectacular's, read by the schema fuzz test).
SKIPPED = ("admin/", "media/", "api/schema/", "api/docs/")
SKIPPED_NAMES = {"public-media"}


@dataclass
class Route:
    name: str
    route: str
    converters: dict[str, Any]
    callback: Any
    reads: set[str] = field(default_factory=set)

    @property
    def api(self) -> bool:
        return self.route.startswith("api/")


def _walk(patterns, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str, Any, Any]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}{entry.name}"
            yield name, prefix + str(entry.pattern), entry.pattern, entry.callback


def _regex_args(pattern: Any) -> dict[str, Any]:
    regex = getattr(pattern, "_regex", None)
    return dict.fromkeys(re.compile(regex).groupindex) if regex else {}


_READ = re.compile(
    r"""(?:GET|query_params|params)(?:\.get\(|\[)\s*["'](\w+)["']"""
    r"""|["'](\w+)["']\s+(?:not\s+)?in\s+(?:params|request\.GET|request\.query_params)\b"""
    r"""|\(\s*params,\s*["'](\w+)["']"""
)
_PARSED = re.compile(r"""parse_query\(\s*(?:\w+\.)*(\w+)""")


def _form_fields(module: Any, name: str) -> set[str]:
    for place in (module, getattr(module, "forms", None)):
        found = getattr(place, name, None)
        if isinstance(found, type) and issubclass(found, forms.BaseForm):
            return set(found.base_fields)
    return set()


_CALLED = re.compile(r"\b(_\w+)\(")


def _source(view: Any, module: Any) -> str:
    """The view's own source and that of the module's helpers it calls (`_street(request)`),
    a level deep: what the view reads is written there."""
    try:
        source = inspect.getsource(inspect.unwrap(view))
    except (OSError, TypeError):  # an instance (a feed): its class holds the code
        source = inspect.getsource(type(view))
    for helper in set(_CALLED.findall(source)):
        found = getattr(module, helper, None)
        if inspect.isfunction(found):
            source += inspect.getsource(found)
    return source


def _reads(callback: Any) -> set[str]:
    """The query parameters a view reads: the names its code (and its helpers') passes to
    request.GET or query_params, the fields of the forms it parses them with, its filters'
    and its paginator's."""
    view = getattr(callback, "cls", None) or getattr(callback, "view_class", None) or callback
    module = inspect.getmodule(view)
    names: set[str] = set()
    if module is not None and module.__name__.split(".")[0] not in ("rest_framework", "django"):
        source = _source(view, module)
        names |= {name for names_ in _READ.findall(source) for name in names_ if name}
        for form_name in _PARSED.findall(source):
            names |= _form_fields(module, form_name)
    filterset = getattr(view, "filterset_class", None)
    if filterset is not None:
        names |= set(filterset.base_filters)
    names |= set(getattr(view, "filterset_fields", None) or ())
    paginator = getattr(view, "pagination_class", None)
    for attr in ("page_query_param", "page_size_query_param", "cursor_query_param"):
        if paginator is not None and getattr(paginator, attr, None):
            names.add(getattr(paginator, attr))
    return names


def _routes() -> list[Route]:
    found: dict[str, Route] = {}
    for name, route, pattern, callback in _walk(get_resolver().url_patterns):
        if route.startswith(SKIPPED) or name in SKIPPED_NAMES or "(?P<format>" in route:
            continue
        if "<drf_format_suffix:" in route or name in found:
            continue
        converters = dict(getattr(pattern, "converters", {})) or _regex_args(pattern)
        found[name] = Route(name, route, converters, callback, _reads(callback))
    return list(found.values())


ROUTES = _routes()


def test_the_walk_finds_pages_and_the_api_and_what_they_read():
    by_name = {route.name: route for route in ROUTES}
    assert {"servicemap:nearby", "servicedesk:menu", "dashboard:home", "dashboard:report"} <= set(
        by_name
    )
    assert {"service-site-list", "stats-monthly", "checkin-list", "node-detail"} <= set(by_name)
    assert {"compound", "lat", "lng", "minutes", "kind"} <= by_name["servicemap:nearby"].reads
    assert "unit" in by_name["servicedesk:menu"].reads
    assert {"bbox", "lat", "limit"} <= by_name["service-site-list"].reads
    assert "cursor" in by_name["checkin-list"].reads
    assert "months" in by_name["stats-monthly"].reads


# --- the fuzzing ----------------------------------------------------------------------------


def _objects() -> dict[str, list[int]]:
    """The ids each URL argument may take: every object of its kind, and one that is missing."""
    ids = {
        arg: list(model._default_manager.order_by("pk").values_list("pk", flat=True)[:6])
        for arg, model in OBJECT_ARGS.items()
    }
    ids["community_id"] = list(
        Node.objects.communities().order_by("pk").values_list("pk", flat=True)
    )
    ids["unit_id"] = list(Unit.objects.order_by("pk").values_list("pk", flat=True)[:6])
    return {arg: [*pks, MISSING] for arg, pks in ids.items()}


def _pk_model(route: Route) -> Any:
    return _model_of(route.callback.cls)


def _path_strategy(route: Route, objects: dict[str, list[int]]) -> st.SearchStrategy[dict]:
    args: dict[str, st.SearchStrategy] = {}
    for arg, converter in route.converters.items():
        if arg == "action":
            args[arg] = st.sampled_from(converter.choices)
        elif arg in objects:
            args[arg] = st.sampled_from(objects[arg])
        elif arg == "pk":
            model = _pk_model(route)
            pks = list(model._default_manager.order_by("pk").values_list("pk", flat=True)[:6])
            args[arg] = st.sampled_from([*pks, MISSING, "abc", "99999999999999999999999"])
        elif arg in PATH_VALUES:
            args[arg] = PATH_VALUES[arg]
        elif arg == "code" and route.name == "portal:street":
            args[arg] = st.just("x")
        else:
            raise AssertionError(f"{route.name}: no values for the URL argument {arg!r}")
    return st.fixed_dictionaries(args)


def _url(route: Route, kwargs: dict[str, Any]) -> str | None:
    try:
        return reverse(route.name, kwargs=kwargs)
    except NoReverseMatch:  # a generated value the converter itself refuses
        return None


def _clients(world) -> dict[str, Client]:
    clients = {}
    for role, user in world.users.items():
        clients[role] = Client()
        if user is not None:
            clients[role].force_login(user)
    return clients


# Enough examples per route and role to meet each nasty value on the parameters it reads; the
# module stays within about three minutes on a two-core machine.
EXAMPLES = 8


# A role that the bare page sends to sign in, refuses (403), or that may only POST there (405)
# never reaches the code that reads the query string; the fuzz spends its examples elsewhere.
UNREACHED = {302, 403, 405}


def _first_kwargs(route: Route, objects: dict[str, list[int]]) -> dict[str, Any]:
    """The URL arguments of the route's first object, with a year and a month that exist."""
    kwargs: dict[str, Any] = {}
    for arg, converter in route.converters.items():
        if arg == "action":
            kwargs[arg] = converter.choices[0]
        elif arg in objects:
            kwargs[arg] = objects[arg][0]
        elif arg == "pk":
            first = _pk_model(route)._default_manager.order_by("pk").first()
            kwargs[arg] = first.pk if first else MISSING
        else:
            kwargs[arg] = {"year": 2026, "month": "2026-01"}.get(arg, "000000")
    return kwargs


def _status(client: Client, url: str) -> int:
    cache.clear()
    with transaction.atomic():
        status = client.get(url).status_code
        transaction.set_rollback(True)
    return status


def _failure(client: Client, url: str) -> str | None:
    """Ask for `url` in a savepoint that is rolled back; describe a server error, if any."""
    cache.clear()  # rate limits count per visitor; the fuzz asks many times
    with transaction.atomic():
        try:
            status = client.get(url).status_code
        except Exception as exc:  # the test client re-raises what the view raised
            status = f"{type(exc).__name__}: {exc}"
        transaction.set_rollback(True)
    if isinstance(status, int) and status < 500:
        return None
    return f"GET {url[:300]}: {status}"[:600]


def _fuzz(route: Route, client: Client, objects: dict[str, list[int]], failures: list[str]):
    """A hypothesis run over one route: its URL arguments, then parameters it reads (and
    generic ones) with generated values."""
    names = sorted(route.reads) + [n for n in GENERIC if n not in route.reads]
    own = sorted(route.reads) or list(GENERIC)
    params = st.one_of(
        st.dictionaries(st.sampled_from(own), VALUES, min_size=1, max_size=3),
        st.dictionaries(st.sampled_from(names), VALUES, min_size=1, max_size=4),
    )

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(kwargs=_path_strategy(route, objects), query=params)
    def check(kwargs: dict, query: dict) -> None:
        url = _url(route, kwargs)
        if url is not None and (failure := _failure(client, f"{url}?{urlencode(query)}")):
            failures.append(failure)

    return check


@pytest.mark.parametrize("role", ROLES)
def test_no_query_parameter_makes_any_page_fail(world, role):
    client = _clients(world)[role]
    objects = _objects()
    failures: list[str] = []
    for route in ROUTES:
        if _status(client, _url(route, _first_kwargs(route, objects))) not in UNREACHED:
            _fuzz(route, client, objects, failures)()
    assert not failures, f"{len(failures)} server errors as {role}:\n" + "\n".join(failures[:60])


# The values each parameter a route reads is tried with, one at a time, by street staff (who
# reach every page): the generated run above may not meet each of them on each parameter.
SWEEP = (
    "abc",
    "0",
    "99999",
    "9" * 30,
    "1e309",
    "nan",
    "\x00",
    "²",
    "nan,inf,-inf,nan",
    "9999-12",
    _b64("p=not-a-date"),
)


def test_every_parameter_a_page_reads_refuses_each_nasty_value_cleanly(world):
    client = _clients(world)["staff"]
    objects = _objects()
    failures: list[str] = []
    for route in ROUTES:
        base = _url(route, _first_kwargs(route, objects))
        if _status(client, base) in UNREACHED:
            continue
        for name in sorted(route.reads):
            for value in SWEEP:
                if failure := _failure(client, f"{base}?{urlencode({name: value})}"):
                    failures.append(failure)
    assert not failures, f"{len(failures)} server errors:\n" + "\n".join(failures)
