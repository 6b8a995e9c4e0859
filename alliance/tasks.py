"""Celery tasks of the alliance; thin: they call the reminder pass."""

from celery import shared_task

from .reminders import reminders_run


@shared_task(name="alliance.send_due_reminders", ignore_result=True)
def send_due_reminders() -> int:
    """Send every reminder due now that has not gone out; return how many went."""
    return len(reminders_run().sent)
