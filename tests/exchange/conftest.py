"""Helpers for the import tests: build spreadsheets in memory and run jobs as a worker would."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile

from exchange import services
from exchange.models import ImportJob
from grids.models import Node
from tests.factories import CommunityFactory, StreetFactory


def sheet(
    headers: list[str], rows: list[list], fmt: str = "xlsx", name: str = ""
) -> SimpleUploadedFile:
    dataset = tablib.Dataset(*rows, headers=headers)
    body = dataset.export("xlsx") if fmt == "xlsx" else dataset.export("csv").encode("utf-8-sig")
    return SimpleUploadedFile(name or f"upload.{fmt}", body)


def read_xlsx(content: bytes) -> tablib.Dataset:
    return tablib.Dataset().load(io.BytesIO(content), format="xlsx")


@pytest.fixture
def run_job(eager_celery, django_capture_on_commit_callbacks):
    """Upload a file and run its check; `confirm=True` imports it too. Returns the job."""

    def run(user, kind: str, upload, confirm: bool = False) -> ImportJob:
        with django_capture_on_commit_callbacks(execute=True):
            job = services.job_create(user=user, kind_slug=kind, upload=upload, language="zh-hans")
        job.refresh_from_db()
        if confirm and job.status == "checked":
            with django_capture_on_commit_callbacks(execute=True):
                services.job_confirm(job=job, user=user)
            job.refresh_from_db()
        return job

    return run


@dataclass
class Streets:
    """Two streets whose places are named as clerks name them."""

    zhangwan: Node
    daixi: Node
    zhangwan_c01: Node  # 张湾社区
    lijia: Node  # 李家社区, zhangwan/c02
    xincun_a: Node  # two 新村社区 in Zhangwan
    xincun_b: Node
    daixi_c01: Node  # 黛溪社区, daixi/c01: the same code as 张湾社区


@pytest.fixture
def streets(db) -> Streets:
    zhangwan = StreetFactory(name="张湾街道", code="zhangwan")
    daixi = StreetFactory(name="黛溪街道", code="daixi")
    return Streets(
        zhangwan=zhangwan,
        daixi=daixi,
        zhangwan_c01=CommunityFactory(parent=zhangwan, name="张湾社区", code="c01"),
        lijia=CommunityFactory(parent=zhangwan, name="李家社区", code="c02"),
        xincun_a=CommunityFactory(parent=zhangwan, name="新村社区", code="c03"),
        xincun_b=CommunityFactory(parent=zhangwan, name="新村社区", code="c04"),
        daixi_c01=CommunityFactory(parent=daixi, name="黛溪社区", code="c01"),
    )
