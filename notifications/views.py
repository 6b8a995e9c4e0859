from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import EmptyPage, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .forms import PageQuery, PreferenceForm
from .selectors import inbox_for, preference_of
from .services import notification_mark_read, notifications_mark_all_read, preference_update

PER_PAGE = 20


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """The user's notification list, newest first, 20 a page."""
    number = PageQuery(request.GET).page_number()
    paginator = Paginator(inbox_for(request.user), PER_PAGE)
    try:
        page = paginator.page(number)
    except EmptyPage:
        if number != 1:
            raise Http404 from None
        page = paginator.page(1)  # an empty inbox still has its first page
    return render(
        request,
        "notifications/inbox.html",
        {"page": page, "notifications": page.object_list},
    )


@login_required
@require_POST
def mark_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    if not notification_mark_read(user=request.user, notification_id=notification_id):
        raise Http404
    return redirect("notifications:inbox")


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = notifications_mark_all_read(user=request.user)
    messages.success(request, _("%(n)d notifications marked read.") % {"n": count})
    return redirect("notifications:inbox")


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    """Where a signed-in user chooses how, besides the in-app list, they are told."""
    current = preference_of(request.user)
    if request.method == "POST":
        form = PreferenceForm(request.POST)
        if form.is_valid():
            preference_update(user=request.user, **form.cleaned_data)
            messages.success(request, _("Your notification settings are saved."))
            return redirect("notifications:settings")
    else:
        form = PreferenceForm(initial={"email": current.email, "sms": current.sms})
    return render(
        request,
        "notifications/settings.html",
        {
            "form": form,
            "has_email": bool(request.user.email),
            "has_phone": bool(request.user.phone),
        },
    )
