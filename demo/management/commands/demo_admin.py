import os

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from accounts.models import User


class Command(BaseCommand):
    help = "Create or reset the demo superuser with the password in DEMO_PASSWORD."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", default="admin")

    def handle(self, *args, **options) -> None:
        password = os.environ.get("DEMO_PASSWORD")
        if not password:
            raise CommandError(_("Set DEMO_PASSWORD to the password the demo admin should have."))
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            User.objects.create_superuser(username=options["username"], password=password)
            self.stdout.write(_("Created the superuser %(name)s.") % {"name": options["username"]})
            return
        user.is_superuser = user.is_staff = user.is_active = True
        user.set_password(password)
        user.save(update_fields=["is_superuser", "is_staff", "is_active", "password"])
        self.stdout.write(_("Reset the superuser %(name)s.") % {"name": options["username"]})
