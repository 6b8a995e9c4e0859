"""Every workspace wants a signed-in user of its own role: others are sent to sign in or
refused with 403, whatever they are."""

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGES = ["workspace:unit", "workspace:volunteer", "workspace:community", "workspace:street"]
OWNER = {
    "workspace:unit": "contact",
    "workspace:volunteer": "volunteer_user",
    "workspace:community": "secretary",
    "workspace:street": "staff",
}


def _user(world, who):
    return world["staff"] if who == "staff" else world["a"][who]


@pytest.mark.parametrize("name", PAGES)
def test_an_anonymous_visitor_is_sent_to_sign_in(client, world, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))


@pytest.mark.parametrize("name", PAGES)
def test_only_the_pages_own_role_gets_in(client, world, name):
    for who in OWNER.values():
        client.force_login(_user(world, who))
        expected = 200 if who == OWNER[name] else 403
        assert client.get(reverse(name)).status_code == expected, (name, who)


@pytest.mark.parametrize("name", PAGES)
def test_a_superuser_without_a_role_is_refused_too(client, superuser, name):
    client.force_login(superuser)
    assert client.get(reverse(name)).status_code == 403


@pytest.mark.parametrize(
    ("name", "role"),
    [("workspace:community", "community_secretary"), ("workspace:street", "street_staff")],
)
def test_back_office_staff_without_a_scope_get_a_helpful_page(client, db, name, role):
    from accounts.models import User

    # The account form refuses these roles without a scope; an old row may still lack one.
    user = UserFactory(role="volunteer")
    User.objects.filter(pk=user.pk).update(role=role, is_staff=True)
    client.force_login(User.objects.get(pk=user.pk))
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert "尚未设置所属街道或社区" in response.content.decode()


def test_a_user_without_a_role_is_refused(client, world):
    client.force_login(UserFactory(role=""))
    for name in PAGES:
        assert client.get(reverse(name)).status_code == 403, name
