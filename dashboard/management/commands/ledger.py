"""python manage.py ledger --community zhangwan/c01|--street zhangwan --month 2026-11|--year 2026
--format pdf|xlsx --output PATH: the inspection ledger (台账) of a community or a street."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from dashboard.ledger import FORMATS, ledger_build, ledger_render
from grids.models import Node


def _month(value: str) -> datetime.date:
    try:
        return datetime.datetime.strptime(value, "%Y-%m").date()
    except ValueError as exc:
        raise CommandError(_("Give the month as YYYY-MM.")) from exc


def _year(value: str) -> int:
    if not (value.isascii() and value.isdigit() and len(value) == 4):
        raise CommandError(_("Give the year as YYYY."))
    return int(value)


class Command(BaseCommand):
    help = (
        "Write the inspection ledger (台账) of a community or a street for a month or a year: "
        "meetings and minutes, attendance, resolutions, follow-up items and their evidence, "
        "pledges and ratings, projects and contributions, summons, volunteer activities and "
        "points, and the dual-report register."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        place = parser.add_mutually_exclusive_group(required=True)
        place.add_argument("--community", help="the community's code path, e.g. zhangwan/c01")
        place.add_argument("--street", help="the street's code, e.g. zhangwan")
        period = parser.add_mutually_exclusive_group(required=True)
        period.add_argument("--month", type=_month, help="YYYY-MM")
        period.add_argument("--year", type=_year, help="YYYY")
        parser.add_argument("--format", choices=FORMATS, default="pdf")
        parser.add_argument("--output", required=True, help="the file to write")

    def handle(self, *args, **options) -> None:
        if options["street"]:
            node = Node.objects.streets().filter(code=options["street"]).first()
        else:
            wanted = options["community"]
            node = (
                Node.objects.communities().filter(code_path=wanted).first()
                or Node.objects.communities().filter(code=wanted).first()
            )
        if node is None:
            raise CommandError(_("No such street or community."))
        ledger = ledger_build(node, month=options["month"], year=options["year"])
        output = Path(options["output"])
        output.write_bytes(ledger_render(ledger, options["format"]))
        self.stdout.write(
            _("%(title)s: %(n)s sections written to %(path)s")
            % {"title": ledger.title, "n": len(ledger.sections), "path": output}
        )
