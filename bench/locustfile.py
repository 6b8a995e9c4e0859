"""Residents on phones, for `make bench`'s load test: the public pages they open most, with a
pause of one to three seconds between taps. bench/run.py passes the ids in BENCH_CONTEXT."""

import json
import os

from locust import HttpUser, between, task

CONTEXT = json.loads(os.environ.get("BENCH_CONTEXT", "{}"))


class Resident(HttpUser):
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.client.headers["Accept-Language"] = "zh-hans"

    @task(4)
    def home(self) -> None:
        self.client.get("/")

    @task(3)
    def walk_search(self) -> None:
        self.client.get(f"/map/?compound={CONTEXT['compound_id']}", name="/map/?compound=")

    @task(3)
    def walk_search_api(self) -> None:
        self.client.get(
            f"/api/v1/service-sites/?lat={CONTEXT['lat']}&lng={CONTEXT['lng']}",
            name="/api/v1/service-sites/?lat=&lng=",
        )

    @task(2)
    def pledge_board(self) -> None:
        self.client.get(f"/boards/{CONTEXT['community_id']}/", name="/boards/<id>/")

    @task(2)
    def announcements(self) -> None:
        self.client.get(f"/announcements/{CONTEXT['street_id']}/", name="/announcements/<id>/")

    @task(2)
    def site_page(self) -> None:
        self.client.get(f"/map/sites/{CONTEXT['site_id']}/", name="/map/sites/<id>/")

    @task(1)
    def help_form(self) -> None:
        self.client.get("/help/")

    @task(1)
    def activities(self) -> None:
        self.client.get("/activities/")
