"""Every admin list and detail of a model on the tree keeps a secretary inside their community."""

import pytest
from django.contrib import admin
from django.db import connection, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.admin_mixins import ScopedAdminMixin
from accounts.models import User
from accounts.scope import scope_for
from grids.models import Node, NodeKind
from tests.accounts.matrix import node_of, writes

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


def _asked(client, method: str, url: str, data=None):
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data or {})
        transaction.set_rollback(True)
    return response, writes(queries)


@pytest.mark.parametrize("model", SCOPED_MODELS, ids=lambda m: m._meta.label)
def test_no_admin_door_opens_on_another_communitys_row(client, world, model):
    """Change, delete, history and every bulk action of the admin, aimed at a row outside the
    secretary's community: 404 or nothing selected, and nothing written."""
    model_admin = admin.site._registry[model]
    secretary_a = world.users["secretary"]
    scope = scope_for(secretary_a)
    foreign = next(
        o for o in model._default_manager.all() if not scope.contains(node_of(model_admin, o))
    )
    client.force_login(secretary_a)
    info = model._meta.app_label, model._meta.model_name
    wrong = []
    for view, method in (
        ("change", "post"),
        ("delete", "get"),
        ("delete", "post"),
        ("history", "get"),
    ):
        url = reverse(f"admin:{info[0]}_{info[1]}_{view}", args=[foreign.pk])
        response, wrote = _asked(client, method, url, {"post": "yes"})
        if response.status_code != 404 or wrote:
            wrong.append(f"{view} {method.upper()}: {response.status_code} {wrote}")
    request = RequestFactory().get("/")
    request.user = secretary_a
    changelist = reverse(f"admin:{info[0]}_{info[1]}_changelist")
    for action in model_admin.get_actions(request):
        response, wrote = _asked(
            client,
            "post",
            changelist,
            {"action": action, "_selected_action": [foreign.pk], "post": "yes"},
        )
        if wrote:
            wrong.append(f"action {action}: wrote {wrote}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("model", SCOPED_MODELS, ids=lambda m: m._meta.label)
def test_street_staff_see_every_row_of_the_street_and_others_are_sent_to_sign_in(
    client, world, model
):
    info = model._meta.app_label, model._meta.model_name
    changelist = reverse("admin:{}_{}_changelist".format(*info)) + "?all="
    client.force_login(world.users["staff"])
    listing = client.get(changelist)
    assert listing.status_code == 200
    rows = model._default_manager.all()
    if model is Node:  # the district above the street is not the street's
        rows = rows.exclude(kind=NodeKind.DISTRICT)
    assert {o.pk for o in listing.context["cl"].result_list} == set(
        rows.values_list("pk", flat=True)
    )
    for role in ("anonymous", "volunteer", "contact"):
        client.logout()
        if world.users[role] is not None:
            client.force_login(world.users[role])
        response = client.get(changelist)
        assert response.status_code == 302, role
        assert response["Location"].startswith(reverse("admin:login")), role


def _scoped_choice_fields(form):
    """The form's choice fields over records on the tree (with their model's admin)."""
    from django.forms import ModelChoiceField

    for name, field in form.base_fields.items():
        if not isinstance(field, ModelChoiceField):
            continue
        related_admin = admin.site._registry.get(field.queryset.model)
        if isinstance(related_admin, ScopedAdminMixin) and related_admin.model is not User:
            yield name, field, related_admin  # accounts: street staff's alone


@pytest.mark.parametrize("model", SCOPED_MODELS, ids=lambda m: m._meta.label)
def test_no_admin_form_offers_or_accepts_another_communitys_record(world, model):
    """Creating or changing a row in the admin cannot hang it on another community's record:
    every choice of a record on the tree (a place, a meeting, a unit...) is limited to the
    secretary's scope, and a posted id outside it is refused."""
    model_admin = admin.site._registry[model]
    request = RequestFactory().get("/")
    request.user = world.users["secretary"]
    scope = scope_for(request.user)
    wrong = []
    for obj in (None, model_admin.get_queryset(request).first()):
        if obj is None and not model_admin.has_add_permission(request):
            continue
        if obj is not None and not model_admin.has_change_permission(request, obj):
            continue
        form_class = model_admin.get_form(request, obj, change=obj is not None)
        for name, field, related_admin in _scoped_choice_fields(form_class):
            related = field.queryset.model
            outside = [
                o
                for o in related._default_manager.all()
                if not scope.contains(node_of(related_admin, o))
            ]
            offered = {o.pk for o in field.queryset}
            if offered & {o.pk for o in outside}:
                wrong.append(f"{name} offers {related.__name__} rows of another community")
            if outside:
                form = form_class(data={name: outside[0].pk}, instance=obj)
                if name not in form.errors:
                    wrong.append(f"{name} accepts {related.__name__} {outside[0].pk}")
    assert not wrong, "\n".join(wrong)
