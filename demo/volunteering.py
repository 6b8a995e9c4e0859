"""The volunteers of the demo streets: Zhangwan's 6,600 party-member volunteers in 58 teams,
2,700 service events in a year with check-ins and points, 6,238 claimed service posts, and
dual-report records for in-service members (about a quarter under ten services); Daixi's 337
cadres of its 45 municipal units reporting to the communities."""

from __future__ import annotations

import datetime
import random
import secrets
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from grids.models import Node
from organizations.models import Unit
from volunteers.models import (
    Activity,
    ActivityKind,
    CheckIn,
    CheckInStatus,
    DualReport,
    DualReportKind,
    PointEntry,
    PointRule,
    PointSource,
    PostClaim,
    ServicePost,
    Signup,
    SignupStatus,
    Team,
    Volunteer,
    VolunteerStatus,
)

from .names import NameMaker
from .plans import street_number

FIGURES = {
    # volunteers, teams, events, claimed posts
    "zhangwan": (6600, 58, 2700, 6238),
    "daixi": (900, 16, 300, 400),
}
DEFAULT = (150, 4, 60, 80)
# Zhangwan's registered volunteers are all party members (6600多名党员志愿者注册).
ALL_PARTY_MEMBERS = {"zhangwan"}
# Daixi's 337 cadres sent down by its 45 municipal units (下派党员干部) are in-service members
# reporting to the communities: each a volunteer with its work unit and a dual report.
IN_SERVICE_MEMBERS = {"daixi": 337}
EVENT_TITLES = {
    ActivityKind.POLICY: "政策宣讲进小区",
    ActivityKind.JOBS: "社区招聘会",
    ActivityKind.LAW: "法律咨询进社区",
    ActivityKind.CULTURE: "文化惠民演出",
    ActivityKind.HEALTH: "义诊进社区",
    ActivityKind.CARE: "夏送清凉慰问工地",
    ActivityKind.ENVIRONMENT: "环境整治志愿行动",
    ActivityKind.OTHER: "邻里互助日",
}


def _aware(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@transaction.atomic
def volunteering_load(
    *, street: Node, seed: int, scale: int, today: datetime.date | None = None
) -> int:
    """Load the street's volunteers where there are none yet; return how many were made."""
    communities = list(Node.objects.communities().under(street).order_by("lft"))
    if not communities or Volunteer.objects.filter(community__in=communities).exists():
        return 0
    today = today or timezone.localdate()
    rng = random.Random(f"{seed}-{street.code}-volunteers")
    names = NameMaker(f"{seed}-{street.code}-volunteers")
    count, team_count, event_count, claim_count = (
        n * scale for n in FIGURES.get(street.code, DEFAULT)
    )
    units = list(
        Unit.objects.filter(community__in=communities, left_on__isnull=True).order_by("pk")
    )
    now = timezone.now()

    volunteers = []
    sent_down = IN_SERVICE_MEMBERS.get(street.code, 0) * scale
    for n in range(count):
        if sent_down:
            party = in_service = n < sent_down and bool(units)
            work_unit = units[n % len(units)] if in_service else None
        else:
            party = street.code in ALL_PARTY_MEMBERS or rng.random() < 0.6
            in_service = party and units and rng.random() < 0.4
            work_unit = rng.choice(units) if in_service else None
        volunteers.append(
            Volunteer(
                name=names.person(),
                phone=f"1{7 + n % 2}{seed % 10}{street_number(street.code) % 10:1d}{n:07d}"[:11],
                community=communities[n % len(communities)],
                skills=rng.choice(["急救", "维修", "法律", "文艺", "心理咨询", "理发", ""]),
                is_party_member=party,
                work_unit=work_unit,
                party_organization="在职党员" if in_service else ("社区党委" if party else ""),
                consent_at=now,
                # Two in three agreed to their name on the leaderboards; the rest show as 张*.
                show_publicly=n % 3 != 2,
                status=VolunteerStatus.ACTIVE,
                registered_at=now - datetime.timedelta(days=rng.randint(30, 900)),
            )
        )
    Volunteer.objects.bulk_create(volunteers, batch_size=2000)
    demo_user = User.objects.filter(username=f"{street.code}-volunteer").first()
    if demo_user is not None:
        volunteers[0].user = demo_user
        volunteers[0].save(update_fields=["user"])

    teams = []
    for n in range(team_count):
        if n < len(communities):
            teams.append(Team(name=f"{communities[n].name}党员志愿服务队", node=communities[n]))
        else:
            unit = units[n % len(units)] if units else None
            teams.append(
                Team(
                    name=f"{unit.name}志愿服务队" if unit else f"志愿服务{n}队",
                    node=unit.community if unit else communities[0],
                    unit=unit,
                )
            )
    Team.objects.bulk_create(teams)
    membership = Team.members.through
    Team.members.through.objects.bulk_create(
        [
            membership(team_id=teams[i % len(teams)].pk, volunteer_id=v.pk)
            for i, v in enumerate(volunteers)
        ],
        batch_size=5000,
    )

    events = []
    kinds = list(EVENT_TITLES)
    for n in range(event_count):
        day = today - datetime.timedelta(days=rng.randint(1, 330))
        kind = kinds[n % len(kinds)]
        community = communities[n % len(communities)]
        start = _aware(day, rng.choice([9, 14, 15]))
        events.append(
            Activity(
                title=EVENT_TITLES[kind],
                kind=kind,
                node=community,
                place=f"{community.name}广场",
                starts_at=start,
                ends_at=start + datetime.timedelta(hours=2),
                capacity=rng.randint(10, 30),
                organiser_unit=rng.choice(units) if units else None,
                qr_secret=secrets.token_hex(16),
            )
        )
    for n in range(6):  # coming up, so sign-up has something to show
        start = _aware(today + datetime.timedelta(days=2 + n * 3), 9)
        kind = kinds[n % len(kinds)]
        events.append(
            Activity(
                title=EVENT_TITLES[kind],
                kind=kind,
                node=communities[n % len(communities)],
                place="社区党群服务中心",
                starts_at=start,
                ends_at=start + datetime.timedelta(hours=2),
                capacity=20,
                organiser_unit=units[n % len(units)] if units else None,
                qr_secret=secrets.token_hex(16),
            )
        )
    Activity.objects.bulk_create(events, batch_size=2000)
    past = [e for e in events if e.starts_at < now]
    by_community: dict[int, list[Activity]] = {}
    for event in past:
        by_community.setdefault(event.node_id, []).append(event)

    rule = PointRule.objects.filter(key="hours").first()
    checkins, signups, seen = [], [], set()
    for volunteer in volunteers:
        pool = by_community.get(volunteer.community_id, [])
        if not pool:
            continue
        if volunteer.work_unit_id:  # in-service members: most serve ten times or more, some do not
            wanted = rng.choice([2, 4, 6, 8, 10, 11, 12, 13, 14, 15, 16, 18])
        else:
            wanted = rng.choice([0, 0, 1, 2, 3, 4])
        for event in rng.sample(pool, min(wanted, len(pool))):
            if (volunteer.pk, event.pk) in seen:
                continue
            seen.add((volunteer.pk, event.pk))
            hours = Decimal(rng.choice([1, 1.5, 2]))
            signups.append(
                Signup(
                    activity=event,
                    volunteer=volunteer,
                    status=SignupStatus.CONFIRMED,
                    created_at=event.starts_at - datetime.timedelta(days=2),
                )
            )
            checkins.append(
                CheckIn(
                    volunteer=volunteer,
                    activity=event,
                    community_id=event.node_id,
                    checked_in_at=event.starts_at,
                    checked_out_at=event.starts_at + datetime.timedelta(hours=float(hours)),
                    hours=hours,
                    status=CheckInStatus.APPROVED,
                )
            )
    Signup.objects.bulk_create(signups, batch_size=5000)
    CheckIn.objects.bulk_create(checkins, batch_size=5000)
    if rule is not None:
        PointEntry.objects.bulk_create(
            [
                PointEntry(
                    volunteer=c.volunteer,
                    amount=min(c.hours * rule.points_per_hour, rule.daily_cap or Decimal("999")),
                    rule=rule,
                    source=PointSource.CHECKIN,
                    source_key=f"checkin:{c.pk}",
                    created_at=c.checked_out_at,
                )
                for c in checkins
            ],
            batch_size=5000,
        )

    posts = [
        ServicePost(
            title=f"{c.name}{name}",
            node=c,
            starts_on=today.replace(month=1, day=1),
            ends_on=today.replace(month=12, day=31),
            slots=rng.randint(5, 15),
        )
        for c in communities
        for name in ("文明劝导岗", "政策宣传岗", "楼道清洁岗", "助老服务岗", "平安巡逻岗")
    ]
    ServicePost.objects.bulk_create(posts)
    claims, taken, room = [], set(), {p.pk: p.slots for p in posts}
    party_members = [v for v in volunteers if v.is_party_member] or volunteers
    attempts = 0
    while len(claims) < claim_count and attempts < claim_count * 5:
        attempts += 1
        post, volunteer = rng.choice(posts), rng.choice(party_members)
        if (post.pk, volunteer.pk) in taken or room[post.pk] == 0:
            if all(v == 0 for v in room.values()):
                for p in posts:  # every post full: open another round of the same posts
                    room[p.pk] = p.slots
            continue
        taken.add((post.pk, volunteer.pk))
        room[post.pk] -= 1
        claims.append(
            PostClaim(
                post=post,
                volunteer=volunteer,
                claimed_at=now - datetime.timedelta(days=rng.randint(1, 300)),
            )
        )
    PostClaim.objects.bulk_create(claims, batch_size=5000)

    reports = [
        DualReport(
            kind=DualReportKind.MEMBER,
            community=v.community,
            unit_id=v.work_unit_id,
            volunteer=v,
            year=today.year,
            confirmed_at=now,
            reported_at=now - datetime.timedelta(days=rng.randint(30, 300)),
        )
        for v in volunteers
        if v.work_unit_id
    ]
    reports += [
        DualReport(
            kind=DualReportKind.UNIT,
            community_id=u.community_id,
            unit=u,
            year=today.year,
            confirmed_at=now,
        )
        for u in units[: max(1, len(units) // 3)]
    ]
    DualReport.objects.bulk_create(reports, batch_size=5000)
    return len(volunteers)
