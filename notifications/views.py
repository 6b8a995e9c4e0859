from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
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
    if not notification_mark_read(user=request.user, notification_id=notification_id):
        raise Http404
    return redirect("notifications:inbox")
