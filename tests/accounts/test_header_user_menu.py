"""Every page's header: a sign-in link for visitors; for the signed-in a menu with their name,
role and scope, the workspace, notifications, password, back office (staff only), sign-out."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import Role
from tests.factories import UserFactory, street_staff
from tests.factories.alliance import UnitFactory, contact

pytestmark = pytest.mark.django_db

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def test_visitors_see_a_sign_in_link(client, small_street):
    body = client.get(reverse("servicedesk:menu"), **ZH).content.decode()
    assert reverse("accounts:login") in body
    assert "user-menu" not in body


def test_a_unit_contact_sees_name_role_unit_and_no_back_office(client, small_street):
    unit = UnitFactory(community=small_street.communities[0], name="区税务局")
    user = contact(unit, first_name="王芳")
    client.force_login(user)
    body = client.get(reverse("servicedesk:menu"), **ZH).content.decode()
    assert "王芳" in body
    assert "成员单位联络人" in body or str(Role.UNIT_CONTACT.label) in body
    assert "区税务局" in body
    assert reverse("workspace:home") in body
    assert reverse("notifications:inbox") in body
    assert reverse("accounts:password-change") in body
    assert f'action="{reverse("accounts:logout")}"' in body
    assert reverse("admin:index") not in body


def test_staff_see_the_back_office(client, small_street):
    client.force_login(street_staff(small_street.street))
    body = client.get(reverse("servicedesk:menu"), **ZH).content.decode()
    assert reverse("admin:index") in body
    assert small_street.street.name in body


def test_the_header_costs_no_query_per_page(client, small_street, django_assert_max_num_queries):
    user = UserFactory(role=Role.VOLUNTEER)
    client.force_login(user)
    client.get(reverse("servicedesk:track"))
    with django_assert_max_num_queries(3):  # session, user; the role and scope are in the session
        client.get(reverse("servicedesk:track"))


def test_the_header_follows_a_change_of_role(client, small_street):
    user = UserFactory(role=Role.VOLUNTEER)
    client.force_login(user)
    assert "志愿者" in client.get(reverse("servicedesk:track"), **ZH).content.decode()
    unit = UnitFactory(community=small_street.communities[0], name="区图书馆")
    user.role, user.unit = Role.UNIT_CONTACT, unit
    user.save()
    body = client.get(reverse("servicedesk:track"), **ZH).content.decode()
    assert "区图书馆" in body
