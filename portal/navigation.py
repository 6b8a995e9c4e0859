"""The site's navigation, defined once: the public 'Main' bar and the signed-in 'Work' bar.

Each entry names its URL, its label and who sees it; `{% navigation "main" %}` renders a bar
(portal/templatetags/navigation.py). Deciding who sees what reads only the user already on
the request, so a bar costs no query.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import Role

Audience = Callable[[Any], bool]


def everyone(user: Any) -> bool:
    return True


def signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def street_office(user: Any) -> bool:
    """Street staff, and superusers."""
    return signed_in(user) and (user.is_superuser or user.role == Role.STREET_STAFF)


def district_office(user: Any) -> bool:
    """District staff, and superusers."""
    return signed_in(user) and (user.is_superuser or user.role == Role.DISTRICT_STAFF)


def alliance_managers(user: Any) -> bool:
    """Those who run the alliance: street staff, community secretaries and superusers."""
    return signed_in(user) and (
        user.is_superuser or user.role in (Role.STREET_STAFF, Role.COMMUNITY_SECRETARY)
    )


def unit_contacts(user: Any) -> bool:
    """Unit contacts (a superuser with the role sees the managers' links instead)."""
    return signed_in(user) and user.role == Role.UNIT_CONTACT and not alliance_managers(user)


def volunteers(user: Any) -> bool:
    """Volunteers (a superuser with the role sees the managers' links instead)."""
    return signed_in(user) and user.role == Role.VOLUNTEER and not alliance_managers(user)


@dataclass(frozen=True)
class Entry:
    url_name: str
    label: str | Promise
    audiences: tuple[Audience, ...] = (everyone,)

    def shown_to(self, user: Any) -> bool:
        return any(audience(user) for audience in self.audiences)


@dataclass(frozen=True)
class Bar:
    label: str | Promise
    css_class: str
    entries: tuple[Entry, ...]


BARS: dict[str, Bar] = {
    "main": Bar(
        _("Main"),
        "top-nav",
        (
            Entry("servicemap:nearby", _("Nearby")),
            Entry("servicedesk:menu", _("Service menu")),
            Entry("servicedesk:wishes", _("Micro-wishes")),
            Entry("servicedesk:help", _("Ask for help")),
            Entry("servicedesk:track", _("Track")),
            Entry("volunteers:activities", _("Volunteer")),
        ),
    ),
    "work": Bar(
        _("Work"),
        "top-nav staff-nav",
        (
            Entry("workspace:home", _("My workspace"), (signed_in,)),
            Entry("dashboard:home", _("Dashboard"), (street_office,)),
            Entry("dashboard:district", _("District comparison"), (district_office,)),
            Entry("alliance:home", _("Alliance"), (alliance_managers,)),
            Entry("alliance:followups", _("Follow-up items"), (alliance_managers, unit_contacts)),
            Entry("servicedesk:desk", _("Service desk"), (alliance_managers, unit_contacts)),
            Entry("servicedesk:our-menu", _("Our service menu"), (unit_contacts,)),
            Entry("pledges:lists", _("Pledges"), (alliance_managers, unit_contacts)),
            Entry("pledges:needs", _("Demand list"), (alliance_managers, unit_contacts)),
            Entry("pledges:projects", _("Projects"), (alliance_managers, unit_contacts)),
            Entry("volunteers:approvals", _("Volunteer registrations"), (alliance_managers,)),
            Entry("volunteers:me", _("My volunteering"), (volunteers,)),
            Entry("volunteers:leaderboards", _("Leaderboards"), (volunteers,)),
        ),
    ),
}
