"""The API matrix, generated from the router: for every endpoint over records on the tree, a
community secretary's list holds only their community's records, and another community's record
answers 404 — as in the admin (test_scope_in_every_admin.py, whose fixture this reuses)."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.admin_mixins import ScopedAdminMixin
from accounts.scope import scope_for
from alliance.models import Committee, DistrictReport, FollowUp, Meeting
from appraisals.models import UnitAppraisal
from config.api_urls import router
from organizations.models import Unit
from pledges.models import Contribution, Need, Project, Resource
from servicedesk.models import MicroWish, ServiceRequest
from summons.models import Summons
from tests.accounts.matrix import (
    ROLES,
    committee_seen,
    item_seen,
    meeting_seen,
    need_seen,
    node_of,
    project_seen,
    request_seen,
    summons_seen,
    wish_seen,
    writes,
)
from volunteers.models import CheckIn, PointEntry

pytestmark = pytest.mark.django_db

# What residents read across the street without an account: the service map, the units' service
# menu, volunteer activities and teams to join. For these the matrix checks instead that a
# signed-in secretary sees nothing more than an anonymous visitor does.
PUBLIC = {"service-site", "service", "activity", "team"}


def _model_of(viewset) -> type:
    """The model a viewset serves, as its list action would see it."""
    if getattr(viewset, "queryset", None) is not None:
        return viewset.queryset.model
    view = viewset()
    view.action, view.request, view.format_kwarg = "list", None, None
    return view.get_serializer_class().Meta.model


def _endpoints():
    for prefix, viewset, basename in router.registry:
        if not hasattr(viewset, "list"):
            continue  # create-only (residents' ratings): nothing to list
        model = _model_of(viewset)
        model_admin = admin.site._registry.get(model)
        if not isinstance(model_admin, ScopedAdminMixin):
            continue
        yield pytest.param(prefix, model, model_admin, basename in PUBLIC, id=basename)


def _ids(api: APIClient, url: str) -> set[int]:
    found: set[int] = set()
    while url:
        response = api.get(url)
        assert response.status_code == 200, (url, response.status_code)
        body = response.json()
        rows = body["results"] if isinstance(body, dict) else body
        found |= {row["id"] for row in rows}
        url = body.get("next") if isinstance(body, dict) else None
    return found


def test_the_matrix_covers_the_api():
    covered = {param.id for param in _endpoints() if not param.values[-1]}
    assert {"node", "unit", "meeting", "followup", "volunteer", "checkin"} <= covered


@pytest.mark.usefixtures("zones")
@pytest.mark.parametrize(("prefix", "model", "model_admin", "public"), list(_endpoints()))
def test_a_secretary_sees_only_their_community_through_the_api(
    small_street, secretary_a, prefix, model, model_admin, public
):
    scope = scope_for(secretary_a)
    every = list(model._default_manager.all())
    mine = {o.pk for o in every if scope.contains(node_of(model_admin, o))}
    foreign = [o for o in every if not scope.contains(node_of(model_admin, o))]
    assert foreign, "the fixture must hold rows outside the scope"
    api = APIClient()
    api.force_authenticate(secretary_a)
    listed = _ids(api, f"/api/v1/{prefix}/")
    if public:
        assert listed == _ids(APIClient(), f"/api/v1/{prefix}/")
        return
    assert listed <= mine, f"{prefix}: rows of another community listed"
    assert api.get(f"/api/v1/{prefix}/{foreign[0].pk}/").status_code == 404


# --- every role, every endpoint -----------------------------------------------------------------

# Who reaches the rows of each endpoint beyond the back office (street staff: the street; the
# secretary of A: A's subtree), by the intended rule in tests/accounts/matrix.py.
BEYOND_BACK_OFFICE = {
    Committee: committee_seen,
    Meeting: meeting_seen,
    FollowUp: item_seen,
    # A unit's contact reads what the street reported up of the unit's own items.
    DistrictReport: lambda w, role, r: role == "contact" and r.followup.owner_id == w.unit.pk,
    Project: project_seen,
    Contribution: lambda w, role, c: project_seen(w, role, c.project),
    MicroWish: wish_seen,
    ServiceRequest: request_seen,
    Unit: lambda w, role, unit: role == "contact" and unit.pk == w.unit.pk,
    # The contacts of the units a summons called.
    Summons: summons_seen,
    # The street's units' contacts see its needs (any may offer); a unit keeps its resources.
    Need: need_seen,
    Resource: lambda w, role, r: role == "contact" and r.unit_id == w.unit.pk,
    # A unit's own appraisal (published years would be public).
    UnitAppraisal: lambda w, role, r: (
        (role == "contact" and r.unit_id == w.unit.pk) or r.appraisal.is_published
    ),
    # A volunteer's own stays and points.
    CheckIn: lambda w, role, c: _own_record(w, role, c),
    PointEntry: lambda w, role, p: _own_record(w, role, p),
}


def _own_record(world, role: str, record) -> bool:
    return role == "volunteer" and record.volunteer.user_id == world.users["volunteer"].pk


def _client(world, role: str) -> APIClient:
    api = APIClient()
    if world.users[role] is not None:
        api.force_authenticate(world.users[role])
    return api


def _reached(world, role: str, model, model_admin, obj) -> bool:
    if world.back_office(role, node_of(model_admin, obj)):
        return True
    seen = BEYOND_BACK_OFFICE.get(model)
    return bool(seen and role != "anonymous" and seen(world, role, obj))


@pytest.mark.parametrize(("prefix", "model", "model_admin", "public"), list(_endpoints()))
def test_every_role_lists_exactly_what_it_reaches(world, prefix, model, model_admin, public):
    anonymous = _ids(APIClient(), f"/api/v1/{prefix}/") if public else None
    wrong = []
    for role in ROLES:
        response = _client(world, role).get(f"/api/v1/{prefix}/")
        if response.status_code in (401, 403):
            listed = set()
        else:
            listed = _ids(_client(world, role), f"/api/v1/{prefix}/")
        if public:
            expected = anonymous
        else:
            expected = {
                o.pk
                for o in model._default_manager.all()
                if _reached(world, role, model, model_admin, o)
            }
        if listed != expected:
            wrong.append(f"{role}: listed {sorted(listed)}, expected {sorted(expected)}")
    assert not wrong, "\n".join(wrong)


def _api_writes(api: APIClient, method: str, url: str) -> tuple[int, list[str]]:
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        response = getattr(api, method)(url, {}, format="json")
        transaction.set_rollback(True)
    return response.status_code, writes(queries)


@pytest.mark.parametrize(("prefix", "viewset", "basename"), router.registry, ids=lambda v: str(v))
def test_no_role_changes_or_deletes_through_the_api(world, prefix, viewset, basename):
    """The API reads; residents' submissions (ratings, wishes, requests, sign-ups) are its only
    writes, and they create. Changing or deleting any row answers 405 to every role (401 to
    anonymous callers where signing in comes first) and writes nothing."""
    model = _model_of(viewset) if hasattr(viewset, "list") else None
    rows = list(model._default_manager.order_by("pk")[:3]) if model else []
    pks = [o.pk for o in rows] or [1]
    wrong = []
    for role in ROLES:
        api = _client(world, role)
        for pk in pks:
            for method in ("put", "patch", "delete"):
                status, wrote = _api_writes(api, method, f"/api/v1/{prefix}/{pk}/")
                if status not in (401, 403, 404, 405) or wrote:
                    wrong.append(f"{role} {method.upper()} {prefix}/{pk}: {status} {wrote}")
    assert not wrong, "\n".join(wrong)
