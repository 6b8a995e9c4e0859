"""Every public page, with a demo street's real content, in both languages: it loads, it says
which language it is in, it is no wider than a phone's screen, its controls are a thumb high,
axe-core finds no WCAG 2.1 A/AA violation, and a screenshot is kept."""

from __future__ import annotations

import pytest
from django.urls import reverse

from grids.models import Node
from organizations.models import Unit
from pledges.models import ListStatus
from portal.models import Announcement
from servicedesk.models import ServiceRequest
from servicemap.models import ServiceSite, SiteKind
from tests.browser.conftest import axe_report, shot, small_targets, too_wide
from volunteers.models import Activity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def public_pages() -> dict[str, str]:
    """The pages a resident reaches without an account, each with real demo content."""
    street = Node.objects.get(code_path="daixi")
    community = Node.objects.communities().under(street).order_by("lft").first()
    compound = Node.objects.compounds().under(street).filter(latitude__isnull=False).first()
    site = ServiceSite.objects.filter(kind=SiteKind.PARTY_MASS_CENTRE, photos__isnull=False)
    unit = Unit.objects.filter(
        pledge_lists__status=ListStatus.PUBLISHED, community__tree_id=street.tree_id
    ).first()
    return {
        "home": reverse("portal:home"),
        "street": reverse("portal:street", args=[street.code]),
        "community": reverse("portal:community", args=[community.pk]),
        "map": reverse("servicemap:nearby"),
        "map-walk": f"{reverse('servicemap:nearby')}?compound={compound.pk}",
        "site": site.first().get_absolute_url(),
        "announcements": reverse("portal:announcements", args=[street.pk]),
        "notice": reverse(
            "portal:announcement", args=[Announcement.objects.order_by("-pk").first().pk]
        ),
        "pledge-board": reverse("pledges:board", args=[community.pk]),
        "unit-board": reverse("pledges:unit-board", args=[unit.pk]),
        "service-menu": reverse("servicedesk:menu"),
        "wishes": reverse("servicedesk:wishes"),
        "wish-new": reverse("servicedesk:wish-new"),
        "help": reverse("servicedesk:help"),
        "track": reverse("servicedesk:track"),
        "tracked": reverse(
            "servicedesk:track-code",
            args=[ServiceRequest.objects.order_by("-pk").first().tracking_code],
        ),
        "activities": reverse("volunteers:activities"),
        "activity": reverse(
            "volunteers:activity", args=[Activity.objects.order_by("-starts_at").first().pk]
        ),
        "volunteer-register": reverse("volunteers:register"),
        "leaderboards": reverse("volunteers:leaderboards"),
    }


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_public_page_loads_is_accessible_and_is_photographed(
    phone, live_server, demo_street, language
):
    pages = public_pages()
    phone.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    problems: list[str] = []
    for name, path in pages.items():
        response = phone.goto(f"{live_server.url}{path}")
        assert response.status == 200, f"{name}: {path} answered {response.status}"
        assert phone.locator("html").get_attribute("lang") == language, name
        assert phone.locator("h1").count() >= 1, f"{name} has no heading"
        phone.wait_for_load_state("networkidle")
        if wide := too_wide(phone):
            problems.append(f"{name} ({path}): {wide}")
        if small := small_targets(phone):
            problems.append(f"{name} ({path}): {small}")
        if report := axe_report(phone):
            problems.append(f"{name} ({path}):\n{report}")
        shot(phone, f"{name}-{language}")
    assert not problems, "\n\n".join(problems)
