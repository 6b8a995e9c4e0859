"""The demo streets' yearly appraisals: last year's confirmed and published (every unit's
facts, the reports of the units with a demo contact and a few others, members' and residents'
ratings, scores, ranks and stars; the demo's records begin a year ago, so last year's facts
are few and its ratings weigh most), and this year's open for reports and ratings, scored once
so far. Idempotent: a street with an appraisal of last year is left as it is."""

from __future__ import annotations

import random

from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from appraisals.models import Appraisal, AppraisalVote, UnitAppraisal, VoterKind
from appraisals.services import appraisal_open, appraisal_publish, appraisal_score
from common.voters import voter_hash
from grids.models import Node, in_subtree

REPORT = (
    "今年我单位认领并兑现了承诺事项，按时参加大党委联席会议，派出党员志愿者参与社区服务，"
    "在吹哨报到中及时到场。明年将继续开放单位阵地，做好共建项目。"
)


@transaction.atomic
def appraisals_load(*, street: Node, seed: int) -> int:
    """Create the street's demo appraisals; return how many years were created."""
    last_year = timezone.localdate().year - 1
    if Appraisal.objects.filter(street=street, year=last_year).exists():
        return 0
    staff = User.objects.filter(role=Role.STREET_STAFF, scope_node=street).first()
    if staff is None:
        return 0
    rng = random.Random(f"appraisals:{street.code}:{seed}")
    contacts = set(
        User.objects.filter(
            in_subtree(street, "unit__community"), role=Role.UNIT_CONTACT
        ).values_list("unit_id", flat=True)
    )
    done = appraisal_open(street=street, year=last_year, by=staff)
    rows = list(done.units.all())
    now = timezone.now()
    reported = [r for r in rows if r.unit_id in contacts or rng.random() < 0.3]
    for row in reported:
        row.report, row.reported_at = REPORT, now
    UnitAppraisal.objects.bulk_update(reported, ["report", "reported_at"], batch_size=500)
    AppraisalVote.objects.bulk_create(
        [
            AppraisalVote(
                unit_appraisal=row,
                kind=VoterKind.RESIDENT if n % 3 else VoterKind.MEMBER,
                stars=rng.choice((3, 4, 4, 5, 5)),
                voter=voter_hash(f"demo:{row.pk}:{n}"),
            )
            for row in rows
            for n in range(rng.randint(2, 6))
        ],
        batch_size=2000,
    )
    appraisal_publish(appraisal=done, by=staff)
    current = appraisal_open(street=street, year=last_year + 1, by=staff)
    mine = list(current.units.filter(unit_id__in=contacts)[:3])
    for row in mine:
        row.report, row.reported_at = REPORT, now
    UnitAppraisal.objects.bulk_update(mine, ["report", "reported_at"])
    # Scored once so far, as a street does before the ratings close (the pages show it).
    appraisal_score(appraisal=current, by=staff)
    return 2
