"""The ledger made in a Celery worker: load by id, call the service (it does nothing twice)."""

from __future__ import annotations

from celery import shared_task

from .ledger import ledger_request_run


@shared_task(acks_late=True)
def make_ledger(request_id: int) -> str:
    return ledger_request_run(request_id)
