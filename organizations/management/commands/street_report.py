import json

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from grids.models import Node, NodeKind
from organizations.models import PartyOrganizationKind
from organizations.selectors import street_figures


class Command(BaseCommand):
    help = "Print the figures a street office reports: nodes, grids, compounds, organisations."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--street", required=True, help="the street's code (slug)")
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, **options) -> None:
        street = Node.objects.streets().filter(code=options["street"]).first()
        if street is None:
            raise CommandError(_("No street with the code %(code)s.") % {"code": options["street"]})
        figures = street_figures(street)
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
