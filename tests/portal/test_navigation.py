"""The header's two bars come from one registry (portal.navigation): each role sees the links
it saw when base.html spelled them out, and the current page's link says so."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from accounts.models import Role
from grids import services as grid_services
from tests.factories import UserFactory
from tests.factories.alliance import UnitFactory, contact

pytestmark = pytest.mark.django_db

MAIN = [
    "servicemap:nearby",
    "servicedesk:menu",
    "servicedesk:wishes",
    "servicedesk:help",
    "servicedesk:track",
    "volunteers:activities",
]
MANAGERS = [
    "alliance:home",
    "alliance:followups",
    "servicedesk:desk",
    "pledges:lists",
    "pledges:needs",
    "pledges:projects",
    "volunteers:approvals",
]
WORK = {
    "street_staff": ["workspace:home", "dashboard:home", *MANAGERS],
    "superuser": ["workspace:home", "dashboard:home", "dashboard:district", *MANAGERS],
    "district_staff": ["workspace:home", "dashboard:district"],
    "secretary": ["workspace:home", *MANAGERS],
    "unit_contact": [
        "workspace:home",
        "alliance:followups",
        "servicedesk:desk",
        "servicedesk:our-menu",
        "pledges:lists",
        "pledges:needs",
        "pledges:projects",
    ],
    "volunteer": ["workspace:home", "volunteers:me", "volunteers:leaderboards"],
}


class Bars(HTMLParser):
    """The links of each bar of the header ("Main", or "Work" for the staff-nav one) and the
    ones marked as the current page; every bar has its label for screen readers."""

    def __init__(self) -> None:
        super().__init__()
        self.links: dict[str, list[str]] = {}
        self.current: list[str] = []
        self._bar: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "nav" and "top-nav" in attrs.get("class", ""):
            assert attrs.get("aria-label")
            self._bar = "Work" if "staff-nav" in attrs["class"] else "Main"
            self.links.setdefault(self._bar, [])
        elif tag == "a" and self._bar is not None:
            self.links[self._bar].append(attrs["href"])
            if attrs.get("aria-current") == "page":
                self.current.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "nav":
            self._bar = None


def bars_of(response) -> Bars:
    assert response.status_code == 200
    parser = Bars()
    parser.feed(response.content.decode())
    return parser


def urls(names: list[str]) -> list[str]:
    return [reverse(name) for name in names]


@pytest.fixture
def users(small_street, staff, secretary_a, superuser):
    unit = UnitFactory(community=small_street.communities[0])
    return {
        "street_staff": staff,
        "superuser": superuser,
        "secretary": secretary_a,
        "unit_contact": contact(unit),
        "volunteer": UserFactory(role=Role.VOLUNTEER),
        "district_staff": UserFactory(
            role=Role.DISTRICT_STAFF,
            scope_node=grid_services.node_create(
                parent=None, kind="district", name="示范区", code="nav-district"
            ),
        ),
    }


def test_a_visitor_sees_the_main_bar_only(client, small_street):
    bars = bars_of(client.get(reverse("servicedesk:track")))
    assert bars.links == {"Main": urls(MAIN)}
    assert bars.current == [reverse("servicedesk:track")]


@pytest.mark.parametrize("who", list(WORK))
def test_each_role_sees_its_own_work_links_and_the_main_bar(client, users, who):
    client.force_login(users[who])
    bars = bars_of(client.get(reverse("servicedesk:track")))
    assert bars.links == {"Main": urls(MAIN), "Work": urls(WORK[who])}
    assert bars.current == [reverse("servicedesk:track")]


@pytest.mark.parametrize(
    ("who", "page"),
    [
        ("street_staff", "dashboard:home"),
        ("superuser", "alliance:home"),
        ("secretary", "alliance:followups"),
        ("unit_contact", "servicedesk:our-menu"),
        ("volunteer", "volunteers:leaderboards"),
    ],
)
def test_the_current_work_page_is_marked(client, users, who, page):
    client.force_login(users[who])
    bars = bars_of(client.get(reverse(page)))
    assert bars.links["Work"] == urls(WORK[who])
    assert bars.current == [reverse(page)]


def test_a_superuser_with_a_role_sees_the_managers_links(client, superuser):
    superuser.role = Role.UNIT_CONTACT
    superuser.save(update_fields=["role"])
    client.force_login(superuser)
    bars = bars_of(client.get(reverse("servicedesk:track")))
    assert bars.links["Work"] == urls(WORK["superuser"])


def test_the_bars_cost_no_query(users, django_assert_num_queries):
    template = Template('{% load navigation %}{% navigation "main" %}{% navigation "work" %}')
    for user in [AnonymousUser(), *users.values()]:
        request = RequestFactory().get(reverse("dashboard:home"))
        request.user = user
        with django_assert_num_queries(0):
            html = template.render(Context({"request": request, "user": user}))
        sees_it = (
            getattr(user, "is_superuser", False) or getattr(user, "role", "") == Role.STREET_STAFF
        )
        assert ('aria-current="page"' in html) == sees_it
