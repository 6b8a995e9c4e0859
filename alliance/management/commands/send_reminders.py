import datetime
import json

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from alliance.reminders import reminders_run


class Command(BaseCommand):
    help = "Send the reminders due (the same pass as the schedule) and print what went."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="the day to run the pass for, YYYY-MM-DD")
        parser.add_argument(
            "--dry-run", action="store_true", help="say what would go; send nothing"
        )
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, **options) -> None:
        today = None
        if options["date"]:
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError(_("Give the date as YYYY-MM-DD.")) from exc
        result = reminders_run(today=today, dry_run=options["dry_run"])
        rows = [
            {"key": s.key, "kind": s.kind, "to": s.recipient.get_username(), "subject": s.subject}
            for s in result.sent
        ]
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {"dry_run": options["dry_run"], "due": len(result.due), "sent": rows},
                    ensure_ascii=False,
                    indent=2,
                )
            )
            return
        verb = _("would send") if options["dry_run"] else _("sent")
        for row in rows:
            self.stdout.write(f"{verb}\t{row['to']}\t{row['kind']}\t{row['subject']}")
        self.stdout.write(
            _("%(due)d reminders due, %(n)d %(verb)s.")
            % {"due": len(result.due), "n": len(rows), "verb": verb}
        )
