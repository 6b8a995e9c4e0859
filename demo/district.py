"""The demo district (示范区) above the demo streets: every street loaded goes under it, its
staff account compares them, and two streets have reported an item up, one decided.
Idempotent: a street already under the district stays, a report made stays."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Q

from accounts.models import Role, User
from accounts.services import account_create
from alliance.models import CommitteeKind, FollowUp, FollowUpStatus
from alliance.services import followups
from grids import services as grid_services
from grids.models import Node, NodeKind

DISTRICT_CODE = "demo-district"
DISTRICT_NAME = "示范区"
STAFF = "district-staff"

# What the first streets report up, and the district's answer to the first.
REASONS = [
    "涉及跨街道的道路改造和资金安排，街道无权决定，请区委协调。",
    "需要区级部门联合执法，街道层面协调未果。",
]
DECISION = "区委组织部牵头，区住建局、区财政局一个月内拿出方案，由街道督办落实。"


def district_accounts(district: Node) -> list[tuple[str, str, Node]]:
    """The district's demo accounts: (username, role, scope)."""
    return [(STAFF, Role.DISTRICT_STAFF, district)]


@transaction.atomic
def district_load(*, streets: list[Node], password: str) -> tuple[Node, list[str]]:
    """Put `streets` under the demo district (made the first time) and give it its staff and
    two reports; return the district and the accounts created."""
    district = Node.objects.districts().filter(code=DISTRICT_CODE).first()
    if district is None:
        district = grid_services.node_create(
            parent=None, kind=NodeKind.DISTRICT, name=DISTRICT_NAME, code=DISTRICT_CODE
        )
    for street in streets:
        street.refresh_from_db()
        if street.parent_id != district.pk:
            grid_services.node_move(node=street, parent=district)
            district.refresh_from_db()
    created = []
    if not User.objects.filter(username=STAFF).exists():
        staff = account_create(
            username=STAFF,
            password=None,
            role=Role.DISTRICT_STAFF,
            scope_node=district,
            email=f"{STAFF}@example.org",
            # 11 digits no street's demo accounts take (theirs run 19 + street + index).
            phone="19000000001",
        )
        User.objects.filter(pk=staff.pk).update(password=make_password(password))
        created.append(STAFF)
    staff = User.objects.get(username=STAFF)
    _reports(district, staff)
    return district, created


def _reports(district: Node, district_staff: User) -> None:
    streets = list(Node.objects.streets().under(district).order_by("lft"))
    for number, (street, reason) in enumerate(zip(streets, REASONS, strict=False)):
        if FollowUp.objects.filter(district_report__street=street).exists():
            continue
        item = (
            FollowUp.objects.filter(
                Q(meeting__committee__node=street, meeting__committee__kind=CommitteeKind.WORKING)
                | Q(escalation__street_committee__node=street, escalation__decided_at__isnull=True),
                district_report__isnull=True,
            )
            .exclude(status=FollowUpStatus.DONE)
            .order_by("due_on", "pk")
            .first()
        )
        staff = User.objects.filter(role=Role.STREET_STAFF, scope_node=street).first()
        if item is None or staff is None:
            continue
        report = followups.followup_report_to_district(item=item, reason=reason, by=staff)
        if number == 0:
            followups.district_report_decide(report=report, decision=DECISION, by=district_staff)
