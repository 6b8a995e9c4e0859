"""Imports run in a Celery worker so the admin stays responsive while a big file is read."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def run_import(job_id: int, apply: bool) -> str:
    """Check or import one job's file; running it twice does nothing the second time."""
    return services.job_run(job_id, apply).status


def _queue(job_id: int, apply: bool) -> None:
    run_import.apply_async((job_id, apply), retry=False)


services.queue_job = _queue
