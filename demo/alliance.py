"""The alliance part of the demo streets: units, committees, rota, a year of meetings.

Everything is created only where missing, so a second run changes nothing. Dates run over
the twelve months up to the present month, so every page has a past and a next meeting.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import Role, User
from alliance.models import (
    Attendance,
    AttendanceStatus,
    Cadence,
    Committee,
    CommitteeKind,
    CommitteeMember,
    Evaluation,
    FollowUp,
    FollowUpStatus,
    Grade,
    Meeting,
    MeetingKind,
    MeetingStatus,
    PlaceKind,
    Position,
    Resolution,
    RotaSlot,
)
from alliance.services import committees, followups, meetings
from alliance.services.evaluations import (
    grade_from_figures,
    suggested_item_grade,
    unit_month_figures,
)
from alliance.services.rota import rota_generate
from grids.models import Node
from organizations.models import (
    PartyOrganization,
    PartyOrganizationKind,
    RatingKind,
    Unit,
    UnitKind,
    UnitRating,
)
from organizations.services import unit_rate

from .names import NameMaker, unit_kind_of

SHANGHAI = ZoneInfo("Asia/Shanghai")

# (units per street at scale 1, committee seats per street, the kinds to draw from)
UNIT_PLANS = {
    "zhangwan": {"units": 533, "secretaries": 75},
    # 45 municipal agencies, institutions and enterprises (their 337 cadres report to the
    # communities as in-service members: demo/volunteering.py); the city communities' joint
    # meeting is quarterly (每季度都会召开城市党建联席会议).
    "daixi": {
        "units": 45,
        "kinds": [UnitKind.GOVERNMENT, UnitKind.INSTITUTION, UnitKind.STATE_ENTERPRISE],
        "party_cadence": Cadence.QUARTERLY,
        "party_meeting": "城市党建联席会议",
    },
    # The alliance's member units meet in a coordination meeting every month (这样的协调会每个月
    # 都会召开), and 20-odd building sites keep a labour-relations station (demo/sites.py).
    "sancha": {
        "units": 22,
        "construction_sites": 21,
        "working_cadence": Cadence.MONTHLY,
        "working_meeting": "区域化党建联盟成员单位协调会",
    },
    "jinshanqiao": {"units": 20, "named": ["中国农业银行徐州开发区支行", "徐州通域空间有限公司"]},
    "quyang": {"units": 32},
}
MEETING_TITLES = {
    MeetingKind.JOINT: "大党委联席会议",
    MeetingKind.WORK_COORDINATION: "工作协同会",
    MeetingKind.DEVELOPMENT: "发展协商会",
    MeetingKind.CONFLICT: "矛盾协调会",
    MeetingKind.PARTY_LECTURE: "社区大党课",
}
TOPICS = [
    "老旧小区加装电梯协调",
    "背街小巷路灯维修",
    "垃圾分类督导点设置",
    "小区停车位施划",
    "雨污管网改造",
    "独居老人关爱走访",
    "辖区安全生产检查",
    "文明城市创建分片包段",
    "暑期青少年托管",
    "外卖骑手暖蜂驿站建设",
    "农贸市场周边秩序整治",
    "楼道堆物清理",
    "社区健身器材更新",
    "租户矛盾纠纷调解",
]


@dataclass
class AllianceResult:
    units: int = 0
    meetings: int = 0
    accounts: list[str] | None = None


def _month_starts(today: datetime.date, count: int) -> list[datetime.date]:
    months, first = [], today.replace(day=1)
    for _ in range(count):
        months.append(first)
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    return sorted(months)


def _units(street: Node, communities: list[Node], names: NameMaker, scale: int) -> list[Unit]:
    plan = UNIT_PLANS[street.code]
    existing = {(u.community_id, u.name): u for u in Unit.objects.filter(community__in=communities)}
    if existing:
        return list(existing.values())
    wanted = plan["units"] * scale
    grids = list(
        Node.objects.grids(3).under(street).select_related("parent__parent__parent").order_by("lft")
    )
    names.reserve(g.name for g in grids)
    kinds = plan.get("kinds")
    sites = plan.get("construction_sites", 0) * scale
    by_pk = {c.pk: c for c in communities}
    rows: list[Unit] = []
    for i in range(wanted + sites):
        grid = None
        community = communities[i % len(communities)]
        named = plan.get("named", [])
        if i < len(grids):  # Zhangwan: every level-3 grid is a member unit headed by its leader
            grid = grids[i]
            community = grid.parent.parent.parent
            name = grid.name
        elif i >= wanted:  # Sancha's building sites, each with a labour-relations station
            name = names.building_site()
        else:
            name = named[i] if i < len(named) else names.unit(kinds)
        kind = unit_kind_of(name)
        rows.append(
            Unit(
                name=name,
                kind=kind,
                community=by_pk.get(community.pk, community),
                grid=grid,
                leader_name=names.person(),
                phone=names.phone(),
                address=names.address(),
                joined_on=datetime.date(
                    2019 + names.rng.randint(0, 4), names.rng.randint(1, 12), 1
                ),
                left_on=datetime.date(2024, 6, 30) if names.chance(0.02) else None,
                rota_order=i,
            )
        )
    Unit.objects.bulk_create(rows)
    return list(Unit.objects.filter(community__in=communities))


def _committees(
    street: Node, communities: list[Node], units: list[Unit], names: NameMaker, scale: int
) -> tuple[Committee, list[Committee]]:
    plan = UNIT_PLANS[street.code]
    working = Committee.objects.filter(
        node=street, kind=CommitteeKind.WORKING
    ).first() or committees.committee_create(
        node=street,
        kind=CommitteeKind.WORKING,
        name=f"{street.name}大工委",
        cadence=plan.get("working_cadence", Cadence.QUARTERLY),
    )
    party = []
    for community in communities:
        committee = Committee.objects.filter(node=community, kind=CommitteeKind.PARTY).first()
        if committee is None:
            committee = committees.committee_create(
                node=community,
                kind=CommitteeKind.PARTY,
                name=f"{community.name}大党委",
                cadence=plan.get("party_cadence", Cadence.MONTHLY),
            )
            committees.committee_term_create(
                committee=committee, number=1, starts_on=datetime.date(2023, 1, 1)
            )
        party.append(committee)
    if CommitteeMember.objects.filter(committee__in=[working, *party]).exists():
        return working, party
    seats: list[CommitteeMember] = []
    unit_orgs: list[PartyOrganization] = []
    by_community: dict[int, list[Unit]] = {}
    for unit in units:
        if unit.left_on is None:
            by_community.setdefault(unit.community_id, []).append(unit)
    secretaries = plan.get("secretaries", len(communities) * 3 // max(scale, 1)) * scale
    for index, committee in enumerate(party):
        term = committee.terms.first()
        seats.append(
            CommitteeMember(
                committee=committee,
                term=term,
                name=names.person(),
                position=Position.SECRETARY,
                starts_on=term.starts_on,
            )
        )
        pool = by_community.get(committee.node_id, [])
        share = secretaries // len(party) + (1 if index < secretaries % len(party) else 0)
        for unit in pool[:share]:
            person = names.person()
            seats.append(
                CommitteeMember(
                    committee=committee,
                    term=term,
                    name=person,
                    unit=unit,
                    position=Position.CONCURRENT_MEMBER,
                    starts_on=term.starts_on,
                )
            )
            unit_orgs.append(
                PartyOrganization(
                    node_id=unit.community_id,
                    unit=unit,
                    kind=PartyOrganizationKind.BRANCH,
                    name=f"{unit.name}党支部",
                    secretary_name=person,
                    member_count=names.between(3, 40),
                )
            )
    for _community in communities[:12]:
        seats.append(
            CommitteeMember(
                committee=working,
                name=names.person(),
                position=Position.CONCURRENT_MEMBER,
                starts_on=datetime.date(2023, 1, 1),
            )
        )
    big_units = [
        u
        for u in units
        if u.kind in (UnitKind.GOVERNMENT, UnitKind.INSTITUTION, UnitKind.STATE_ENTERPRISE)
        and u.left_on is None
    ][:6]
    for unit in big_units:
        seats.append(
            CommitteeMember(
                committee=working,
                name=names.person(),
                unit=unit,
                position=Position.CONCURRENT_MEMBER,
                starts_on=datetime.date(2023, 1, 1),
            )
        )
    CommitteeMember.objects.bulk_create(seats)
    PartyOrganization.objects.bulk_create(unit_orgs, ignore_conflicts=True)
    return working, party


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)


def _year_of_meetings(
    committee: Committee,
    months: list[datetime.date],
    today: datetime.date,
    rng: random.Random,
    staff: User | None,
) -> int:
    created = 0
    done_months = {
        (local.year, local.month)
        for local in (
            timezone.localtime(value)
            for value in Meeting.objects.filter(committee=committee).values_list(
                "starts_at", flat=True
            )
        )
    }
    now = timezone.now()
    joint_title = UNIT_PLANS[committee.node.street_node().code].get(
        "party_meeting", MEETING_TITLES[MeetingKind.JOINT]
    )
    for month in months:
        if (month.year, month.month) in done_months or not committee.meets_in(month):
            continue
        start = _at(
            month.replace(
                day=min(25, max(today.day + 3, 15))
                if month.year == today.year and month.month == today.month
                else 15
            ),
            14,
            30,
        )
        kind = (
            MeetingKind.JOINT
            if month.month % 3 or committee.is_quarterly
            else rng.choice(
                [
                    MeetingKind.WORK_COORDINATION,
                    MeetingKind.DEVELOPMENT,
                    MeetingKind.CONFLICT,
                    MeetingKind.PARTY_LECTURE,
                ]
            )
        )
        meeting = meetings.meeting_schedule(
            committee=committee,
            title=f"{committee.node.name}{month:%Y年%m月}"
            f"{joint_title if kind == MeetingKind.JOINT else MEETING_TITLES[kind]}",
            kind=kind,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2),
            place_kind=PlaceKind.SITE if month.month % 4 == 0 else PlaceKind.ROOM,
            place="社区党群服务中心二楼会议室" if month.month % 4 else "现场办公",
            address=committee.node.address or committee.node.name,
        )
        created += 1
        if start > now:
            continue
        _hold(
            meeting,
            month,
            today,
            rng,
            staff,
            last=(month == months[-2] if len(months) > 1 else False),
        )
    return created


def _hold(
    meeting: Meeting,
    month: datetime.date,
    today: datetime.date,
    rng: random.Random,
    staff: User | None,
    last: bool,
) -> None:
    rows = list(meeting.attendance.select_related("unit"))
    for row in rows:
        roll = rng.random()
        if roll < 0.82:
            row.status, row.checked_in_at = (
                AttendanceStatus.PRESENT,
                meeting.starts_at - datetime.timedelta(minutes=rng.randint(1, 20)),
            )
        elif roll < 0.92:
            row.status, row.substitute_name = AttendanceStatus.SUBSTITUTE, "副书记代为参会"
        else:
            row.status, row.absence_reason = (
                AttendanceStatus.LEAVE,
                rng.choice(["单位值班", "外出培训", "疫情防控任务"]),
            )
    Attendance.objects.bulk_update(
        rows, ["status", "checked_in_at", "substitute_name", "absence_reason"]
    )
    topics = rng.sample(TOPICS, 2)
    owners = [r.unit for r in rows] or [meeting.convener]
    for title in topics:
        resolution = Resolution.objects.create(
            meeting=meeting, text=f"关于{title}：由责任单位牵头落实，下次联席会议通报进展。"
        )
        owner = rng.choice(owners)
        due = timezone.localtime(meeting.starts_at).date() + datetime.timedelta(
            days=rng.choice([14, 21, 30, 45])
        )
        item = followups.followup_create(
            meeting=meeting,
            resolution=resolution,
            title=title,
            owner=owner,
            due_on=due,
            created_at=meeting.starts_at,
        )
        if due < today and rng.random() < 0.8:
            closed = min(due + datetime.timedelta(days=rng.choice([-5, -2, 0, 3])), today)
            # Reported done by the unit, accepted by the secretary the next day.
            FollowUp.objects.filter(pk=item.pk).update(
                status=FollowUpStatus.DONE,
                evidence_text="已按期落实，附现场照片。",
                reported_at=_at(closed, 17),
                reviewed_at=_at(closed + datetime.timedelta(days=1), 10),
                reviewed_by=staff,
                closed_at=_at(closed, 17),
            )
        elif due >= today and rng.random() < 0.25:
            # Reported done, waiting for the secretary's review.
            FollowUp.objects.filter(pk=item.pk).update(
                status=FollowUpStatus.REPORTED,
                evidence_text="已完成整改，附照片和居民签字。",
                reported_at=_at(today - datetime.timedelta(days=1), 16),
            )
        elif rng.random() < 0.3:
            FollowUp.objects.filter(pk=item.pk).update(status=FollowUpStatus.IN_PROGRESS)
    if not last:  # the latest meeting's minutes are still to be written: the convener gets nudged
        minutes = (
            f"会议由轮值书记单位{meeting.convener or ''}主持。与会单位通报了上月督办事项进展，"
            f"围绕{'、'.join(topics)}进行了协商，形成决议如下。"
        )
        meetings.minutes_publish(meeting=meeting, minutes=minutes)
        Meeting.objects.filter(pk=meeting.pk).update(
            minutes_published_at=meeting.ends_at + datetime.timedelta(days=1)
        )
    else:
        Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.HELD)


def _escalate_some(
    working: Committee, party: list[Committee], rng: random.Random, staff: User | None
) -> None:
    if FollowUp.objects.filter(meeting__committee__in=party, escalation__isnull=False).exists():
        return
    for committee in party:
        candidates = list(
            FollowUp.objects.unfinished()
            .filter(meeting__committee=committee)
            .order_by("due_on")[:2]
        )
        for n, item in enumerate(candidates[:1]):
            escalation = followups.followup_escalate(
                item=item,
                reason="涉及多个职能部门，社区大党委协调不动，提请街道大工委协调。",
                by=staff,
            )
            if rng.random() < 0.5 and n == 0:
                followups.escalation_decide(
                    escalation=escalation,
                    decision="街道大工委协调城管、住建部门联合处置，限期一个月完成。",
                    by=staff,
                )


def _street_meetings(working: Committee, months: list[datetime.date], today: datetime.date) -> None:
    """The working committee's meetings at its cadence (quarterly, Sancha's monthly), and the
    next one due after this month."""
    if Meeting.objects.filter(committee=working).exists():
        return
    plan = UNIT_PLANS[working.node.code]
    kind = MeetingKind.JOINT if "working_meeting" in plan else MeetingKind.WORK_COORDINATION
    name = plan.get("working_meeting", MEETING_TITLES[MeetingKind.WORK_COORDINATION])
    now = timezone.now()
    upcoming = (today.replace(day=28) + datetime.timedelta(days=10)).replace(day=1)
    while not working.meets_in(upcoming):
        upcoming = (upcoming + datetime.timedelta(days=32)).replace(day=1)
    for month in [m for m in months if working.meets_in(m)] + [upcoming]:
        start = _at(month.replace(day=20), 9)
        meeting = meetings.meeting_schedule(
            committee=working,
            title=f"{working.name}{month:%Y年%m月}{name}",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2),
            place="街道党群服务中心会议室",
            kind=kind,
        )
        if start < now:
            meetings.minutes_publish(
                meeting=meeting, minutes="听取各社区大党委工作汇报，研究社区提请协调事项。"
            )


def _grades(
    committee: Committee, months: list[datetime.date], today: datetime.date, staff: User | None
) -> None:
    if Evaluation.objects.filter(committee=committee).exists():
        return
    units = list(Unit.objects.filter(community_id=committee.node_id))
    rows = []
    for month in months:
        if month.replace(day=28) >= today.replace(day=1) or not committee.meets_in(month):
            continue  # the present month is graded after its meeting; a quarterly one quarterly
        figures = unit_month_figures(committee, month)
        for unit in units:
            if not unit.is_active_on(month):
                continue
            suggested = grade_from_figures(figures.get(unit.pk))
            rows.append(
                Evaluation(
                    committee=committee,
                    month=month,
                    unit=unit,
                    suggested_grade=suggested,
                    grade=suggested,
                    feedback="",
                    graded_by=staff,
                )
            )
        for item in FollowUp.objects.filter(
            meeting__committee=committee,
            meeting__starts_at__date__gte=month,
            meeting__starts_at__date__lt=(month + datetime.timedelta(days=32)).replace(day=1),
        ):
            suggested = suggested_item_grade(item, month)
            rows.append(
                Evaluation(
                    committee=committee,
                    month=month,
                    followup=item,
                    suggested_grade=suggested,
                    grade=suggested,
                    feedback="按期办结，效果良好。" if suggested == Grade.EXCELLENT else "",
                    graded_by=staff,
                )
            )
    Evaluation.objects.bulk_create(rows)


def _ratings(units: list[Unit], rng: random.Random, staff: User | None) -> None:
    """Stars and credit grades for the non-public units (评星定级, 信用等级), the public ones
    being assessed through their own organisations instead."""
    if staff is None or UnitRating.objects.filter(unit__in=units).exists():
        return
    for unit in [u for u in units if u.is_non_public and u.left_on is None][::4]:
        stars = rng.choices(["5", "4", "3", "2"], weights=[2, 4, 3, 1])[0]
        unit_rate(
            unit=unit,
            kind=RatingKind.STARS,
            value=stars,
            reason="依据共驻共建考评挂牌定级。",
            by=staff,
        )
        unit_rate(
            unit=unit,
            kind=RatingKind.CREDIT,
            value="A" if stars >= "4" else rng.choice(["B", "C"]),
            reason="按年度履行社会责任情况评定。",
            by=staff,
        )


def _contacts(
    street: Node, party: list[Committee], today: datetime.date, password_hash: str
) -> list[str]:
    """One contact account for the unit that convenes this month and next, per community."""
    created: list[str] = []
    wanted = []
    for committee in party:
        # The convener of this month (or of the next meeting month) and of the one after.
        slots = (
            RotaSlot.objects.filter(committee=committee)
            .filter(Q(year__gt=today.year) | Q(year=today.year, month__gte=today.month))
            .select_related("unit")
            .order_by("year", "month")[:2]
        )
        for slot in slots:
            wanted.append((f"{street.code}-{committee.node.code}-unit{slot.unit_id}", slot.unit))
    taken = set(
        User.objects.filter(username__in=[u for u, _ in wanted]).values_list("username", flat=True)
    )
    for username, unit in wanted:
        if username in taken:
            continue
        User.objects.create(
            username=username,
            role=Role.UNIT_CONTACT,
            unit=unit,
            password=password_hash,
            email=f"{username}@example.org",
            first_name=unit.name[:30],
        )
        taken.add(username)
        created.append(username)
    return created


@transaction.atomic
def alliance_load(
    *, street: Node, seed: int, scale: int, password: str, today: datetime.date | None = None
) -> AllianceResult:
    """Load the street's units, committees, rota and a year of meetings where missing."""
    today = today or timezone.localdate()
    names = NameMaker(f"{seed}-{street.code}-alliance")
    rng = names.rng
    communities = list(Node.objects.communities().under(street).order_by("lft"))
    before_units = Unit.objects.filter(community__in=communities).count()
    units = _units(street, communities, names, scale)
    working, party = _committees(street, communities, units, names, scale)
    for committee in party:
        for year in sorted(
            {today.year - 1, today.year, *([today.year + 1] if today.month >= 11 else [])}
        ):
            if not RotaSlot.objects.filter(committee=committee, year=year).exists():
                rota_generate(committee=committee, year=year)
    staff = User.objects.filter(role=Role.STREET_STAFF, scope_node=street).first()
    months = _month_starts(today, 12)
    meeting_count = 0
    for committee in party:
        meeting_count += _year_of_meetings(committee, months, today, rng, staff)
    _street_meetings(working, months, today)
    _escalate_some(working, party, rng, staff)
    for committee in party:
        _grades(committee, months, today, staff)
    _ratings(units, rng, staff)
    accounts = _contacts(street, party, today, make_password(password))
    return AllianceResult(
        units=len(units) - before_units, meetings=meeting_count, accounts=accounts
    )
