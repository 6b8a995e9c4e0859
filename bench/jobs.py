"""The benchmark's work inside Django, one job a process: `python bench/jobs.py JOB [ARG]`.

bench/run.py starts these with the benchmark settings and reads the one JSON line each prints.

    prepare SITES   top the service sites up to SITES, spread over each street's compounds
    context         ids and signed-in sessions for the measured pages
    reminders       the reminder pass for every community, then a second pass
    import ROWS     check and import a sheet of ROWS new member units (then remove them)
"""

from __future__ import annotations

import datetime
import json
import os
import random
import resource
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.bench_settings")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402
from django.db.models import Count, Max, Min  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import Role, User  # noqa: E402
from grids.models import Node, NodeKind, in_subtree  # noqa: E402

STREET = "zhangwan"


def peak_mb() -> float:
    """The most memory this process has held, in MB."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def prepare(target: int) -> dict:
    """Top the open sites up to `target`, each street getting extra sites over its own area in
    proportion to its compounds, so the walk search meets a city's density, not empty land."""
    from servicemap.models import ServiceSite, SiteKind

    have = ServiceSite.objects.count()
    missing = max(target - have, 0)
    streets = list(Node.objects.streets().order_by("tree_id", "lft"))
    weights = {
        street.pk: Node.objects.compounds().filter(in_subtree(street)).count() for street in streets
    }
    total = sum(weights.values()) or 1
    rng = random.Random(10_000)  # noqa: S311 - made-up places, the same every run
    kinds = [k for k in SiteKind.values if k != SiteKind.MENU_ENTRY]
    made = []
    for number, street in enumerate(streets):
        share = missing * weights.get(street.pk, 0) // total
        if number == len(streets) - 1:
            share = missing - len(made)
        box = (
            Node.objects.compounds()
            .filter(in_subtree(street), latitude__isnull=False)
            .aggregate(Min("latitude"), Max("latitude"), Min("longitude"), Max("longitude"))
        )
        communities = list(Node.objects.communities().filter(in_subtree(street)))
        for n in range(share):
            lat = rng.uniform(float(box["latitude__min"]), float(box["latitude__max"]))
            lng = rng.uniform(float(box["longitude__min"]), float(box["longitude__max"]))
            made.append(
                ServiceSite(
                    name=f"{street.name}服务点{n + 1:05d}",
                    kind=rng.choice(kinds),
                    node=communities[n % len(communities)],
                    address=f"{street.name}{n + 1}号",
                    latitude=Decimal(f"{lat:.6f}"),
                    longitude=Decimal(f"{lng:.6f}"),
                    hours="08:30-17:30",
                )
            )
    ServiceSite.objects.bulk_create(made, batch_size=2000)
    return {
        "streets": len(streets),
        "communities": Node.objects.communities().count(),
        "level-3 grids": Node.objects.filter(kind=NodeKind.GRID, grid_level=3).count(),
        "member units": _count("organizations", "Unit"),
        "volunteers": _count("volunteers", "Volunteer"),
        "check-ins": _count("volunteers", "CheckIn"),
        "meetings": _count("alliance", "Meeting"),
        "service sites": ServiceSite.objects.count(),
        "nodes": Node.objects.count(),
    }


def _count(app: str, model: str) -> int:
    from django.apps import apps

    return apps.get_model(app, model).objects.count()


def _session(username: str) -> str:
    from django.test import Client

    client = Client()
    client.force_login(User.objects.get(username=username))
    return client.cookies["sessionid"].value


def context() -> dict:
    """What the measured URLs need: ids in the street and a session for each role."""
    from alliance.models import Committee, CommitteeKind, MeetingStatus
    from pledges.models import PledgeList
    from servicemap.models import ServiceSite

    street = Node.objects.streets().get(code=STREET)
    community = Node.objects.communities().filter(in_subtree(street)).order_by("lft").first()
    committee = Committee.objects.get(node=community, kind=CommitteeKind.PARTY)
    meeting = committee.meetings.filter(status=MeetingStatus.HELD).order_by("-starts_at").first()
    compounds = Node.objects.compounds().filter(in_subtree(street), latitude__isnull=False)
    compound = compounds.order_by("lft")[compounds.count() // 2]
    site = ServiceSite.objects.filter(in_subtree(street, "node"), active=True).first()
    pledge_list = PledgeList.objects.filter(in_subtree(street, "node")).first()
    secretary = User.objects.get(username=f"{STREET}-{community.code}-secretary")
    contact = User.objects.filter(role=Role.UNIT_CONTACT, unit__community=community).first()
    return {
        "street": street.code,
        "street_id": street.pk,
        "community_id": community.pk,
        "committee_id": committee.pk,
        "meeting_id": meeting.pk,
        "month": f"{timezone.localtime(meeting.starts_at):%Y-%m}",
        "year": timezone.localdate().year,
        "compound_id": compound.pk,
        "lat": float(compound.latitude),
        "lng": float(compound.longitude),
        "site_id": site.pk,
        "pledge_list_id": pledge_list.pk if pledge_list else None,
        "sessions": {
            "staff": _session(f"{STREET}-staff"),
            "secretary": _session(secretary.username),
            "contact": _session(contact.username),
        },
    }


def reminders() -> dict:
    """One reminder pass over every street as the beat runs it, then a second that must send
    nothing; checks that each recipient got each reminder once."""
    from alliance.reminders import due_reminders, reminders_run
    from notifications.models import Notification, Reminder

    now = timezone.now()
    _meetings_due_for_every_community(now)
    # An empty ledger: the pass has everything due today to send, as the first after the load.
    Reminder.objects.all().delete()
    Notification.objects.all().delete()
    before = Notification.objects.count()
    start = time.perf_counter()
    first = reminders_run(now=now)
    seconds = time.perf_counter() - start
    second = reminders_run(now=now)
    added = Notification.objects.count() - before
    duplicates = (
        Notification.objects.filter(created_at__gte=now)
        .values("recipient_id", "subject", "url")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    return {
        "seconds": round(seconds, 3),
        "due": len(due_reminders(timezone.localdate(now), now)),
        "sent": len(first.sent),
        "sent again": len(second.sent),
        "notifications": added,
        "recipients sent twice": duplicates,
        "communities": Node.objects.communities().count(),
        "peak_mb": peak_mb(),
    }


def _meetings_due_for_every_community(now: datetime.datetime) -> None:
    """Give every community's committee a joint meeting two days ahead (once), so the pass
    has a notice to send to every member unit of every community."""
    from alliance.models import Committee, CommitteeKind
    from alliance.services.meetings import meeting_schedule

    start = (timezone.localtime(now) + datetime.timedelta(days=2)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    title = f"{start:%Y-%m-%d} 基准联席会议"
    for committee in Committee.objects.filter(kind=CommitteeKind.PARTY).exclude(
        meetings__title=title
    ):
        meeting_schedule(
            committee=committee,
            title=title,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2),
            place="社区党群服务中心",
        )


def import_units(rows: int) -> dict:
    """Check then import `rows` new units into the street's communities, as staff would in the
    admin (the Celery task runs here); remove them after."""
    import tablib
    from django.core.files.uploadedfile import SimpleUploadedFile

    from exchange import services
    from exchange.models import ImportJob, JobStatus
    from organizations.models import Unit
    from organizations.resources import UnitResource

    street = Node.objects.streets().get(code=STREET)
    communities = list(Node.objects.communities().filter(in_subtree(street)).order_by("lft"))
    prefix = f"基准{int(time.time())}"
    data = [
        [
            communities[n % len(communities)].code_path,
            f"{prefix}单位{n:05d}",
            "非公企业" if n % 3 else "事业单位（学校、医院等）",
            f"负责人{n}",
            f"139{n:08d}",
            f"张湾路{n}号",
            "",
            "",
            "2024-03-01",
            "",
            n % 300,
            f"{prefix}单位{n:05d}党支部",
            "党支部",
            n % 40,
            f"书记{n}",
            "",
            "",  # 统一社会信用代码
        ]
        for n in range(rows)
    ]
    body = tablib.Dataset(*data, headers=UnitResource.headers()).export("xlsx")
    staff = User.objects.get(username=f"{STREET}-staff")
    before = Unit.objects.count()

    start = time.perf_counter()
    with transaction.atomic():  # as in a web request: the check starts when the upload commits
        job = services.job_create(
            user=staff,
            kind_slug="units",
            upload=SimpleUploadedFile("units.xlsx", body),
            language="zh-hans",
        )
    check_seconds = time.perf_counter() - start
    job.refresh_from_db()
    assert job.status == JobStatus.CHECKED, job.report.get("errors", [])[:3]
    start = time.perf_counter()
    services.job_confirm(job=job, user=staff)
    import_seconds = time.perf_counter() - start
    job.refresh_from_db()
    imported = Unit.objects.count() - before
    assert job.status == JobStatus.DONE and imported == rows, (job.status, imported)

    Unit.objects.filter(name__startswith=prefix).delete()
    ImportJob.objects.filter(pk=job.pk).delete()
    return {
        "rows": rows,
        "check_seconds": round(check_seconds, 3),
        "import_seconds": round(import_seconds, 3),
        "seconds": round(check_seconds + import_seconds, 3),
        "peak_mb": peak_mb(),
    }


JOBS = {
    "prepare": lambda args: prepare(int(args[0]) if args else 10_000),
    "context": lambda args: context(),
    "reminders": lambda args: reminders(),
    "import": lambda args: import_units(int(args[0]) if args else 5330),
}

if __name__ == "__main__":
    print(json.dumps(JOBS[sys.argv[1]](sys.argv[2:]), ensure_ascii=False))
