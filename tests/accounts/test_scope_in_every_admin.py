"""Every admin list and detail of a model on the tree keeps a secretary inside their community."""

import pytest
from django.contrib import admin
from django.urls import reverse

from accounts.admin_mixins import ScopedAdminMixin
from accounts.scope import scope_for
from tests.accounts.matrix import node_of

pytestmark = pytest.mark.django_db

SCOPED_MODELS = sorted(
    (
        model
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, ScopedAdminMixin) and model._meta.app_label != "accounts"
    ),
    key=lambda m: m._meta.label,
)


def test_every_model_on_the_tree_has_a_scoped_admin():
    labels = {m._meta.label for m in SCOPED_MODELS}
    assert {
        "grids.Node",
        "grids.Steward",
        "grids.GridLeader",
        "grids.CadreAssignment",
        "grids.ZoneLiaison",
        "organizations.PartyOrganization",
    } <= labels


@pytest.mark.parametrize("model", SCOPED_MODELS, ids=lambda m: m._meta.label)
def test_secretary_lists_and_opens_only_their_communitys_rows(
    client, small_street, zones, secretary_a, model
):
    model_admin = admin.site._registry[model]
    scope = scope_for(secretary_a)
    every = list(model._default_manager.all())
    foreign = [o for o in every if not scope.contains(node_of(model_admin, o))]
    mine = [o for o in every if scope.contains(node_of(model_admin, o))]
    assert foreign, "the fixture must hold rows outside the scope"

    client.force_login(secretary_a)
    info = model._meta.app_label, model._meta.model_name
    listing = client.get(reverse("admin:{}_{}_changelist".format(*info)) + "?all=")
    assert listing.status_code == 200
    shown = {o.pk for o in listing.context["cl"].result_list}
    assert shown == {o.pk for o in mine}

    change = "admin:{}_{}_change".format(*info)
    assert client.get(reverse(change, args=[foreign[0].pk])).status_code == 404
    if mine:
        assert client.get(reverse(change, args=[mine[0].pk])).status_code == 200
