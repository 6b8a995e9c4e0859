"""An .ics file for a meeting (RFC 5545, written by the icalendar library)."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from .models import Meeting, MeetingStatus


def meeting_ics(meeting: Meeting, request: HttpRequest) -> bytes:
    """Return the meeting as a one-event calendar; a moved meeting keeps its UID."""
    calendar = Calendar()
    calendar.add("prodid", "-//alliance-portal//joint meetings//ZH")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@{request.get_host()}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("summary", meeting.title)
    event.add("location", " ".join(filter(None, [meeting.place, meeting.address])))
    event.add("url", request.build_absolute_uri(reverse("alliance:meeting", args=[meeting.pk])))
    event.add("sequence", int(meeting.starts_at.timestamp()) // 60 % 100000)
    if meeting.status == MeetingStatus.CANCELLED:
        event.add("status", "CANCELLED")
    calendar.add_component(event)
    return calendar.to_ical()
