"""make bench: load a scaled street and time the pages and API lists that grow with it.

Runs against a throw-away SQLite file unless BENCH_DATABASE_URL names another database.
Prints each measurement beside its target and exits 1 when one is missed.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

workdir = tempfile.mkdtemp(prefix="alliance-bench-")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or (
    f"sqlite:///{workdir}/bench.sqlite3"
)
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("CACHE_BACKEND", "locmem")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

SCALE = int(os.environ.get("BENCH_SCALE", "3"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "15"))

# (label, seconds it may take at the median, the most queries it may make)
TARGETS = {
    "load_demo zhangwan": (90.0, None),
    "GET / (public home)": (0.25, 4),
    "GET /api/v1/nodes/ (page 1)": (0.15, 6),
    "GET /api/v1/nodes/?kind=compound": (0.15, 6),
    "GET /admin/grids/node/ (secretary)": (0.40, 12),
    "GET cards of one community": (1.50, 6),
    "GET /alliance/followups/ (staff)": (0.50, 6),
    "GET /api/v1/followups/ (staff)": (0.15, 5),
    "GET a meeting page (secretary)": (0.40, 16),
    "GET a month's grading page (staff)": (0.60, 13),
    "send_reminders pass": (30.0, None),
}


def timed(client: Client, url: str) -> tuple[float, int]:
    durations, queries = [], 0
    for _ in range(ROUNDS):
        reset_queries()  # the load filled the query log; start each count from empty
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            durations.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured)
    return statistics.median(durations), queries


def main() -> int:
    settings.ALLOWED_HOSTS = ["*"]
    print(f"database: {connection.vendor}; scale {SCALE}; {ROUNDS} rounds a URL")
    call_command("migrate", verbosity=0)
    os.environ.setdefault("DEMO_PASSWORD", "bench-password-1")
    start = time.perf_counter()
    call_command("load_demo", street="zhangwan", scale=SCALE, stdout=open(os.devnull, "w"))  # noqa: SIM115
    results = {"load_demo zhangwan": (time.perf_counter() - start, None)}

    from accounts.models import User
    from grids.models import Node

    print(f"nodes: {Node.objects.count()}")
    anonymous = Client()
    staff = Client()
    staff.force_login(User.objects.get(username="zhangwan-staff"))
    secretary = Client()
    secretary.force_login(User.objects.get(username="zhangwan-c01-secretary"))
    community = Node.objects.get(code_path="zhangwan/c01")

    results["GET / (public home)"] = timed(anonymous, "/")
    results["GET /api/v1/nodes/ (page 1)"] = timed(staff, "/api/v1/nodes/")
    results["GET /api/v1/nodes/?kind=compound"] = timed(staff, "/api/v1/nodes/?kind=compound")
    results["GET /admin/grids/node/ (secretary)"] = timed(secretary, "/admin/grids/node/")
    results["GET cards of one community"] = timed(secretary, f"/grids/nodes/{community.pk}/cards/")

    from alliance.models import Committee

    committee = Committee.objects.get(node=community)
    meeting = committee.meetings.filter(status="held").first()
    month = f"{meeting.starts_at:%Y-%m}"
    results["GET /alliance/followups/ (staff)"] = timed(staff, "/alliance/followups/")
    results["GET /api/v1/followups/ (staff)"] = timed(staff, "/api/v1/followups/")
    results["GET a meeting page (secretary)"] = timed(
        secretary, f"/alliance/meetings/{meeting.pk}/"
    )
    results["GET a month's grading page (staff)"] = timed(
        staff, f"/alliance/committees/{committee.pk}/evaluation/{month}/"
    )
    start = time.perf_counter()
    call_command("send_reminders", stdout=open(os.devnull, "w"))  # noqa: SIM115
    results["send_reminders pass"] = (time.perf_counter() - start, None)

    missed = 0
    print(f"{'measurement':40} {'median s':>9} {'target':>7} {'queries':>8} {'max':>4}  result")
    for label, (seconds, queries) in results.items():
        limit, max_queries = TARGETS[label]
        ok = seconds <= limit and (max_queries is None or queries <= max_queries)
        missed += not ok
        print(
            f"{label:40} {seconds:9.3f} {limit:7.2f} {queries if queries is not None else '-':>8} "
            f"{max_queries if max_queries is not None else '-':>4}  {'ok' if ok else 'MISSED'}"
        )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
