"""The API matrix, generated from the router: for every endpoint over records on the tree, a
community secretary's list holds only their community's records, and another community's record
answers 404 — as in the admin (test_scope_in_every_admin.py, whose fixture this reuses)."""

from __future__ import annotations

import pytest
from django.contrib import admin
from rest_framework.test import APIClient

from accounts.admin_mixins import ScopedAdminMixin
from accounts.scope import scope_for
from config.api_urls import router
from tests.accounts.matrix import node_of

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
