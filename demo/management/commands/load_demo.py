import os

from django.core.exceptions import ObjectDoesNotExist
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Role, User
from demo.district import DISTRICT_CODE, district_accounts, district_load
from demo.loader import demo_accounts, demo_password, street_load
from demo.plans import PLANS
from grids.models import Node


class Command(BaseCommand):
    help = "Load one or all of the five seed streets as demo data (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--street", choices=sorted(PLANS), help="the street to load")
        parser.add_argument("--all", action="store_true", help="load all five streets")
        parser.add_argument("--seed", type=int, default=1, help="seed of the made-up details")
        parser.add_argument("--scale", type=int, default=1, help="multiply the structure")
        parser.add_argument(
            "--list-accounts",
            action="store_true",
            help="print the demo accounts (username, role, scope, where to sign in) instead of "
            "loading",
        )

    def handle(self, *args, **options) -> None:
        slugs = (
            sorted(PLANS) if options["all"] else [options["street"]] if options["street"] else []
        )
        if options["list_accounts"]:
            self._list_accounts(slugs)
            return
        if not slugs:
            raise CommandError(_("Name a street with --street SLUG, or use --all."))
        if options["scale"] < 1:
            raise CommandError(_("--scale must be 1 or more."))
        password, generated = demo_password(os.environ.get("DEMO_PASSWORD"))
        printed = False
        for slug in slugs:
            result = street_load(
                slug=slug, seed=options["seed"], scale=options["scale"], password=password
            )
            self.stdout.write(
                _(
                    "%(street)s: %(nodes)d nodes, %(orgs)d party organisations, "
                    "%(people)d people, %(units)d member units, %(meetings)d meetings "
                    "and %(accounts)d accounts created."
                )
                % {
                    "units": result.units_created,
                    "meetings": result.meetings_created,
                    "street": result.street.name,
                    "nodes": result.nodes_created,
                    "orgs": result.organizations_created,
                    "people": result.people_created,
                    "accounts": len(result.accounts_created),
                }
            )
            if result.accounts_created and generated and not printed:
                self.stdout.write(
                    _("Demo accounts created with the generated password: %(password)s")
                    % {"password": password}
                )
                printed = True
        district, made = district_load(
            streets=list(Node.objects.streets().filter(code__in=slugs)), password=password
        )
        self.stdout.write(
            _("%(district)s: the district above the demo streets, %(accounts)d accounts created.")
            % {"district": district.name, "accounts": len(made)}
        )
        # A bulk load leaves the planner's statistics behind the data until autovacuum comes
        # round; without them it takes a street-wide filter for a handful of rows.
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    def _list_accounts(self, slugs: list[str]) -> None:
        """One line per account: username, role, its label, scope, and where it signs in."""
        streets = Node.objects.streets().order_by("tree_id", "lft")
        if slugs:
            streets = streets.filter(code__in=slugs)
        site, admin = reverse("accounts:login"), reverse("admin:index")
        district = Node.objects.districts().filter(code=DISTRICT_CODE).first()
        for place in ([district] if district else []) + list(streets):
            wanted = district_accounts(place) if place == district else demo_accounts(place)
            present = {
                user.username: user
                for user in User.objects.filter(username__in=[u for u, _, _ in wanted])
                .select_related("unit__community")
                .prefetch_related("volunteer__community")
            }
            for username, role, scope in wanted:
                user = present.get(username)
                if user is None:
                    continue
                where = f"{site} {admin}" if user.is_staff else site
                label = Role(role).label if role in Role.values else role
                self.stdout.write(
                    f"{username}\t{role}\t{label}\t{_scope_text(user, scope)}\t{where}"
                )


def _scope_text(user: User, scope: Node | None) -> str:
    """The part of the street the account acts for: a node, a unit in its community, or the
    community a volunteer serves."""
    if user.unit_id:
        return f"{user.unit.community.code_path} {user.unit.name}"
    if scope is not None:
        return scope.code_path
    try:
        return user.volunteer.community.code_path
    except ObjectDoesNotExist:
        return "-"
