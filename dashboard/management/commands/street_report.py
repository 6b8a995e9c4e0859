import json

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from alliance.models import Cadence, CommitteeKind
from alliance.selectors import street_alliance_figures
from grids.models import Node, NodeKind
from organizations.models import PartyOrganizationKind, UnitKind
from organizations.selectors import street_figures
from pledges.models import PledgerKind
from pledges.selectors import street_pledge_figures
from servicemap.models import SiteKind
from servicemap.selectors import street_site_figures
from volunteers.selectors import street_volunteer_figures


def report_figures(street: Node) -> dict:
    """Every figure the report prints: the tree and units, then each domain's own."""
    return {
        **street_figures(street),
        **street_alliance_figures(street),
        **street_pledge_figures(street),
        **street_volunteer_figures(street),
        **street_site_figures(street),
    }


class Command(BaseCommand):
    help = (
        "Print the figures a street office reports: nodes, grids, compounds, organisations, "
        "units, committees, pledges, volunteers and service sites."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--street", required=True, help="the street's code (slug)")
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, **options) -> None:
        street = Node.objects.streets().filter(code=options["street"]).first()
        if street is None:
            raise CommandError(_("No street with the code %(code)s.") % {"code": options["street"]})
        figures = report_figures(street)
        if options["json"]:
            self.stdout.write(json.dumps(figures, ensure_ascii=False, indent=2))
            return
        write = self.stdout.write
        write(f"{figures['street']} ({figures['code']})")
        write(_("Nodes by kind:"))
        for kind, count in figures["nodes_by_kind"].items():
            write(f"  {NodeKind(kind).label}: {count}")
        write(_("Grids by level:"))
        for level, count in figures["grids_by_level"].items():
            write("  " + _("Level %(level)s: %(count)d") % {"level": level, "count": count})
        write(_("Compounds with a party branch: %(n)d") % {"n": figures["compounds_with_branch"]})
        write(
            _("Compounds without a party branch: %(n)d")
            % {"n": figures["compounds_without_branch"]}
        )
        write(_("Three-none compounds: %(n)d") % {"n": figures["three_none_compounds"]})
        write(_("Building stewards: %(n)d") % {"n": figures["stewards"]})
        write(_("Party organisations by kind:"))
        for kind, count in figures["party_organizations_by_kind"].items():
            write(f"  {PartyOrganizationKind(kind).label}: {count}")
        write(
            _("In-service and floating party members: %(n)d")
            % {"n": figures["resident_party_members"]}
        )
        write(_("Member units: %(n)d") % {"n": figures["units"]})
        for kind, count in figures["units_by_kind"].items():
            write(f"  {UnitKind(kind).label}: {count}")
        write(
            _("Units with stars or a credit grade: %(n)d (public ones among them: %(public)d)")
            % {"n": figures["rated_units"], "public": figures["rated_public_units"]}
        )
        write(_("Committees by cadence:"))
        for kind, cadences in figures["committees_by_cadence"].items():
            for cadence, count in cadences.items():
                if count:
                    write(f"  {CommitteeKind(kind).label} · {Cadence(cadence).label}: {count}")
        write(
            _("Unit secretaries on community committees: %(n)d")
            % {"n": figures["unit_seats_on_party_committees"]}
        )
        write(_("Pledges by pledger:"))
        for kind, count in figures["pledges_by_pledger"].items():
            write(f"  {PledgerKind(kind).label}: {count}")
        write(
            _("Volunteers: %(n)d, party members among them: %(party)d")
            % {"n": figures["volunteers"], "party": figures["party_member_volunteers"]}
        )
        write(
            _("In-service members reporting to communities: %(n)d, from %(units)d units")
            % {
                "n": figures["in_service_members_reporting"],
                "units": figures["units_sending_members"],
            }
        )
        write(_("Service sites by kind:"))
        for kind, count in figures["sites_by_kind"].items():
            write(f"  {SiteKind(kind).label}: {count}")
