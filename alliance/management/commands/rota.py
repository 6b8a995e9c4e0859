import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from alliance.models import Committee, CommitteeKind, RotaSlot
from alliance.services.rota import rota_generate


class Command(BaseCommand):
    help = "Print (or --generate) a community committee's rotating-secretary rota for a year."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--community",
            required=True,
            help="the community's code path (zhangwan/c01) or its code when that is unique",
        )
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--generate", action="store_true", help="create the year's rota")
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, **options) -> None:
        wanted = options["community"]
        committees = Committee.objects.filter(kind=CommitteeKind.PARTY).select_related("node")
        committee = committees.filter(node__code_path=wanted).first()
        if committee is None:  # a bare community code, if only one community has it
            matches = list(committees.filter(node__code=wanted)[:2])
            committee = matches[0] if len(matches) == 1 else None
        if committee is None:
            raise CommandError(
                _("No community committee at %(path)s.") % {"path": options["community"]}
            )
        year = options["year"]
        if options["generate"]:
            try:
                rota_generate(committee=committee, year=year)
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
        slots = RotaSlot.objects.filter(committee=committee, year=year).select_related("unit")
        rows = [{"month": s.month, "unit": s.unit.name, "unit_id": s.unit_id} for s in slots]
        if options["json"]:
            payload = {"committee": committee.name, "year": year, "rota": rows}
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        if not rows:
            self.stdout.write(_("No rota for %(year)s yet; use --generate.") % {"year": year})
            return
        self.stdout.write(f"{committee.name} {year}")
        for row in rows:
            self.stdout.write(f"{year}-{row['month']:02d}\t{row['unit']}")
