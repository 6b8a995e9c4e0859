from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from .services import notification_mark_read


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """The user's notification list, newest first."""
    notifications = request.user.notifications.all()[:100]
    return render(request, "notifications/inbox.html", {"notifications": notifications})


@login_required
@require_POST
def mark_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    notification_mark_read(user=request.user, notification_id=notification_id)
    return redirect("notifications:inbox")
