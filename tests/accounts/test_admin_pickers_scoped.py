"""Every picker of the admin lists only what the user may reach: dropdowns, autocomplete
searches and raw-id look-ups; no picker of an account lists every account."""

import pytest
from django.contrib import admin
from django.forms import ModelChoiceField
from django.test import RequestFactory
from django.urls import reverse

from accounts.admin_mixins import ScopedAdminMixin
from accounts.models import Role, User
from accounts.scope import scope_for, users_in_scope
from alliance.models import CommitteeMember
from tests.accounts.matrix import node_of
from tests.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def _forms(request):
    """Every admin form (and inline form) a back-office user opens, with its admin."""
    for model_admin in admin.site._registry.values():
        if not isinstance(model_admin, ScopedAdminMixin) or not model_admin.has_view_permission(
            request
        ):
            continue
        obj = model_admin.get_queryset(request).first()
        yield model_admin, model_admin.get_form(request, obj, change=obj is not None)
        for inline in model_admin.get_inline_instances(request, obj):
            yield inline, inline.get_formset(request, obj).form


def _accounts_outside(world, user) -> set[int]:
    allowed = set(users_in_scope(user).values_list("pk", flat=True))
    return set(User.objects.exclude(pk__in=allowed).values_list("pk", flat=True))


@pytest.mark.parametrize("role", ["secretary", "staff"])
def test_no_account_picker_offers_accounts_outside_the_users_scope(world, role):
    user = world.users[role]
    request = _request(user)
    volunteers = set(User.objects.filter(role=Role.VOLUNTEER).values_list("pk", flat=True))
    outside = _accounts_outside(world, user) | volunteers
    assert outside, "the fixture must hold accounts outside the scope"
    wrong = []
    for model_admin, form in _forms(request):
        for name, field in form.base_fields.items():
            if isinstance(field, ModelChoiceField) and field.queryset.model is User:
                offered = set(field.queryset.values_list("pk", flat=True))
                if offered & outside:
                    wrong.append(f"{type(model_admin).__name__}.{name} offers {offered & outside}")
    assert not wrong, "\n".join(wrong)


def test_a_secretary_cannot_seat_another_communitys_account_on_a_committee(client, world):
    secretary = world.users["secretary"]
    seat = CommitteeMember.objects.filter(committee__node=world.community).first()
    stranger = User.objects.filter(role=Role.COMMUNITY_SECRETARY).exclude(pk=secretary.pk).first()
    volunteer = world.users["volunteer"]
    client.force_login(secretary)
    url = reverse("admin:alliance_committeemember_change", args=[seat.pk])
    page = client.get(url)
    for account in (stranger, volunteer):
        response = client.post(url, admin_form_data(page, user=account.pk))
        assert response.status_code == 200
        assert "user" in response.context["adminform"].form.errors
    seat.refresh_from_db()
    assert seat.user_id is None
    # The contact of one of the community's units can be seated.
    response = client.post(url, admin_form_data(page, user=world.users["contact"].pk))
    assert response.status_code == 302
    seat.refresh_from_db()
    assert seat.user == world.users["contact"]


def _autocomplete_fields():
    """(source model, field name) of every autocomplete field of every admin and inline."""
    found = set()
    for model, model_admin in admin.site._registry.items():
        for candidate in [model_admin, *(i(model, admin.site) for i in model_admin.inlines)]:
            for name in candidate.autocomplete_fields:
                found.add((candidate.model, name))
    return sorted(found, key=lambda pair: (pair[0]._meta.label, pair[1]))


@pytest.mark.parametrize(
    "source,field_name", _autocomplete_fields(), ids=lambda v: getattr(v, "__name__", v)
)
def test_autocomplete_as_a_secretary_returns_nothing_from_another_community(
    client, world, source, field_name
):
    secretary = world.users["secretary"]
    client.force_login(secretary)
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": source._meta.app_label,
            "model_name": source._meta.model_name,
            "field_name": field_name,
            "term": "",
        },
    )
    if response.status_code == 403:
        return  # the target's admin is not the secretary's at all
    assert response.status_code == 200
    target = source._meta.get_field(field_name).related_model
    target_admin = admin.site._registry[target]
    scope = scope_for(secretary)
    ids = [row["id"] for row in response.json()["results"]]
    shown = target._default_manager.filter(pk__in=ids)
    assert all(scope.contains(node_of(target_admin, o)) for o in shown)


# Records edited only inline, and their path to the tree.
INLINE_ONLY = {
    "alliance.CommitteeTerm": "committee__node",
    "alliance.Resolution": "meeting__committee__node",
}


def _raw_id_fields():
    """(admin, field name) of every raw-id field of every admin and inline."""
    found = []
    for model, model_admin in admin.site._registry.items():
        if not isinstance(model_admin, ScopedAdminMixin):
            continue  # the two-step devices and API tokens: superusers' alone
        for candidate in [model_admin, *(i(model, admin.site) for i in model_admin.inlines)]:
            found += [(candidate, name) for name in candidate.raw_id_fields]
    return found


def _in_scope(scope, obj) -> bool:
    target_admin = admin.site._registry.get(type(obj))
    if target_admin is None:
        node = obj
        for step in INLINE_ONLY[obj._meta.label].split("__"):
            node = getattr(node, step)
        return scope.contains(node)
    return scope.contains(node_of(target_admin, obj))


@pytest.mark.parametrize(
    "source,field_name",
    _raw_id_fields(),
    ids=lambda v: v if isinstance(v, str) else type(v).__name__,
)
def test_raw_id_look_ups_list_and_take_only_the_secretarys_community(
    client, world, source, field_name
):
    secretary = world.users["secretary"]
    scope = scope_for(secretary)
    target = source.model._meta.get_field(field_name).related_model
    outside = [o for o in target._default_manager.all() if not _in_scope(scope, o)]
    assert outside, "the fixture must hold records outside the scope"
    # The field takes no id from outside the scope.
    request = _request(secretary)
    if isinstance(source, admin.options.InlineModelAdmin):
        form_class = source.get_formset(request, None).form
    else:
        form_class = source.get_form(request, None)
    if field_name in form_class.base_fields:
        offered = form_class.base_fields[field_name].queryset
        assert not offered.filter(pk__in=[o.pk for o in outside]).exists()
    # The look-up window (the target's list as a pop-up) shows only rows in scope.
    if target not in admin.site._registry:
        return  # no look-up window: the id is typed, and refused above when outside
    client.force_login(secretary)
    info = target._meta.app_label, target._meta.model_name
    response = client.get(
        reverse("admin:{}_{}_changelist".format(*info)), {"_to_field": "id", "_popup": "1"}
    )
    if target is User:
        assert response.status_code in (302, 403)  # accounts are street staff's alone
        return
    assert response.status_code == 200
    assert all(_in_scope(scope, o) for o in response.context["cl"].result_list)
