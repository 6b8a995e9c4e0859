"""Celery tasks of the volunteers app; thin: they call a service."""

from celery import shared_task

from .services import checkouts_overdue


@shared_task(name="volunteers.checkout_overdue", ignore_result=True)
def checkout_overdue() -> int:
    """Check out and flag everyone still checked in after 24 hours."""
    return checkouts_overdue()
