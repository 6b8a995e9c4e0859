"""Celery tasks of the service desk; thin: they call a service."""

from celery import shared_task

from .services import wishes_expire


@shared_task(name="servicedesk.expire_wishes", ignore_result=True)
def expire_wishes() -> int:
    """Expire the micro-wishes whose time ran out; return how many."""
    return wishes_expire()
