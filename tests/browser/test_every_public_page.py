"""Every public page (the sign-in pages too), with a demo street's real content, in both
languages on a phone and in Chinese on a desktop: it loads, it says which language it is in, it
is no wider than the screen, on a phone its controls are a thumb high, axe-core finds no WCAG 2.1
A/AA violation, the Chinese page shows no English phrase, and a screenshot is kept."""

from __future__ import annotations

import pytest
from django.urls import reverse

from appraisals.models import Appraisal, AppraisalStatus
from grids.models import Node
from organizations.models import Unit
from pledges.models import ListStatus
from portal.models import Announcement
from servicedesk.models import ServiceRequest
from servicemap.models import ServiceSite, SiteKind
from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    axe_report,
    browser_page,
    shot,
    small_targets,
    too_wide,
)
from tests.english import english_on, visible_text
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
    done = Appraisal.objects.get(street=street, status=AppraisalStatus.PUBLISHED)
    running = Appraisal.objects.get(street=street, status=AppraisalStatus.OPEN)
    return {
        "lists": reverse("pledges:public-lists", args=[community.pk]),
        "lists-projects": reverse("pledges:public-lists", args=[community.pk]) + "?list=projects",
        "appraisal-results": reverse("appraisals:results", args=[done.pk]),
        "appraisal-unit": reverse("appraisals:unit", args=[done.units.order_by("pk")[0].pk]),
        "appraisal-rate": reverse("appraisals:rate-page", args=[running.pk]),
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
        "sign-in": reverse("accounts:login"),
        "sign-in-by-code": reverse("accounts:sms-login"),
        "reset-by-e-mail": reverse("accounts:password-reset"),
        "reset-by-code": reverse("accounts:sms-reset"),
    }


@pytest.mark.parametrize(
    ("language", "size"), [("zh-hans", "phone"), ("en", "phone"), ("zh-hans", "desktop")]
)
def test_every_public_page_loads_is_accessible_and_is_photographed(
    chromium, live_server, demo_street, language, size
):
    pages = public_pages()
    viewport = PHONE if size == "phone" else DESKTOP
    problems: list[str] = []
    with browser_page(chromium, viewport) as page:
        page.context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
        for name, path in pages.items():
            response = page.goto(f"{live_server.url}{path}")
            assert response.status == 200, f"{name}: {path} answered {response.status}"
            assert page.locator("html").get_attribute("lang") == language, name
            assert page.locator("h1").count() >= 1, f"{name} has no heading"
            page.wait_for_load_state("networkidle")
            if wide := too_wide(page, viewport):
                problems.append(f"{name} ({path}): {wide}")
            if size == "phone" and (small := small_targets(page)):
                problems.append(f"{name} ({path}): {small}")
            if report := axe_report(page):
                problems.append(f"{name} ({path}):\n{report}")
            if language == "zh-hans" and (english := english_on(visible_text(page.content()))):
                problems.append(f"{name} ({path}): English on a Chinese page: {english}")
            shot(page, f"{name}-{language}" if size == "phone" else f"desktop/{name}-{language}")
    assert not problems, "\n\n".join(problems)
