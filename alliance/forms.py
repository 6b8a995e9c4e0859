from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import DateInput, DateTimeInput
from common.uploads import PolicyFormField
from organizations.models import Unit

from .models import AttendanceStatus, FollowUpStatus, Grade, MeetingKind, PlaceKind
from .services.evaluations import GradeEntry
from .services.meetings import AttendanceEntry


class ConfirmForm(forms.Form):
    """A button with nothing to fill in."""


class MeetingScheduleForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=150)
    kind = forms.ChoiceField(label=_("kind"), choices=MeetingKind.choices)
    starts_at = forms.DateTimeField(label=_("starts at"), widget=DateTimeInput)
    ends_at = forms.DateTimeField(label=_("ends at"), widget=DateTimeInput)
    place_kind = forms.ChoiceField(label=_("place"), choices=PlaceKind.choices)
    place = forms.CharField(label=_("room or site"), max_length=120)
    address = forms.CharField(label=_("address"), max_length=200, required=False)

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("A meeting ends after it starts."))
        return data


class RescheduleForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("starts at"), widget=DateTimeInput)
    ends_at = forms.DateTimeField(label=_("ends at"), widget=DateTimeInput)

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("A meeting ends after it starts."))
        return data


class TopicForm(forms.Form):
    title = forms.CharField(label=_("topic"), max_length=200)
    description = forms.CharField(
        label=_("description"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    from_residents = forms.BooleanField(label=_("a residents' problem"), required=False)
    need = forms.TypedChoiceField(
        label=_("from the demand list"),
        choices=[],
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("The residents' need the topic takes up; the closing report links it."),
    )

    def __init__(self, *args: Any, needs: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if needs:
            self.fields["need"].choices = [("", "---------")] + [
                (n.pk, f"{n.title} · {n.community.name} · {n.get_source_display()}") for n in needs
            ]
        else:
            del self.fields["need"]


# What the sheet offers per unit; "expected" means not recorded yet.
SHEET_STATUSES = [
    AttendanceStatus.PRESENT,
    AttendanceStatus.SUBSTITUTE,
    AttendanceStatus.LEAVE,
    AttendanceStatus.ABSENT,
    AttendanceStatus.EXPECTED,
]


class AttendanceSheetForm(forms.Form):
    """A meeting's whole attendance on one form: per expected unit its status, the delegate
    sent in its place, or the reason for its leave."""

    def __init__(self, *args: Any, rows: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = []
        for row in rows:
            key = f"unit-{row.unit_id}"
            self.fields[f"{key}-status"] = forms.ChoiceField(
                label=_("attendance"),
                choices=[(s.value, s.label) for s in SHEET_STATUSES],
                initial=row.status,
                widget=forms.RadioSelect,
            )
            self.fields[f"{key}-substitute"] = forms.CharField(
                label=_("delegate sent instead"),
                max_length=50,
                required=False,
                initial=row.substitute_name,
            )
            self.fields[f"{key}-reason"] = forms.CharField(
                label=_("reason for the leave"),
                max_length=200,
                required=False,
                initial=row.absence_reason,
            )
            self.rows.append(
                {
                    "row": row,
                    "key": key,
                    "status": self[f"{key}-status"],
                    "substitute": self[f"{key}-substitute"],
                    "reason": self[f"{key}-reason"],
                }
            )

    def entries(self) -> dict[int, AttendanceEntry]:
        """Return each unit's line, by unit id."""
        data = self.cleaned_data
        return {
            line["row"].unit_id: AttendanceEntry(
                status=data[f"{line['key']}-status"],
                substitute_name=data.get(f"{line['key']}-substitute", ""),
                absence_reason=data.get(f"{line['key']}-reason", ""),
            )
            for line in self.rows
        }


class SubstituteForm(forms.Form):
    """A unit's contact names who attends in place of the unit's usual delegate."""

    substitute_name = forms.CharField(label=_("Who comes instead"), max_length=50)


class MinutesForm(forms.Form):
    minutes = forms.CharField(label=_("minutes"), widget=forms.Textarea(attrs={"rows": 8}))


class ClosingReportForm(forms.Form):
    residents_present = forms.IntegerField(
        label=_("residents' representatives present"), min_value=0, max_value=10_000
    )


class MeetingPhotoForm(forms.Form):
    photo = forms.FileField(label=_("photo of the meeting or the site visit"))
    caption = forms.CharField(label=_("caption (optional)"), max_length=120, required=False)


class ResolutionForm(forms.Form):
    text = forms.CharField(label=_("resolution"), widget=forms.Textarea(attrs={"rows": 2}))


class FollowUpForm(forms.Form):
    title = forms.CharField(label=_("item"), max_length=200)
    owner = forms.ModelChoiceField(label=_("owner unit"), queryset=Unit.objects.none())
    due_on = forms.DateField(label=_("due on"), widget=DateInput())
    resolution = forms.ModelChoiceField(label=_("resolution"), queryset=None, required=False)

    def __init__(self, *args, units=None, resolutions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = units if units is not None else Unit.objects.none()
        self.fields["resolution"].queryset = resolutions


class FollowUpUpdateForm(forms.Form):
    """The owner's progress; "done" is a report the secretary reviews, never a close."""

    status = forms.ChoiceField(
        label=_("status"),
        choices=[(v, lbl) for v, lbl in FollowUpStatus.choices if v != FollowUpStatus.DONE],
    )
    evidence_text = forms.CharField(
        label=_("evidence"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    evidence_file = PolicyFormField(label=_("evidence file"), policy="evidence", required=False)


class AcceptForm(forms.Form):
    note = forms.CharField(label=_("remark (optional)"), max_length=500, required=False)


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("why it is sent back"), widget=forms.Textarea(attrs={"rows": 2}), max_length=500
    )


class EscalateForm(forms.Form):
    reason = forms.CharField(
        label=_("why the community committee cannot settle it"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DecisionForm(forms.Form):
    decision = forms.CharField(label=_("street decision"), widget=forms.Textarea(attrs={"rows": 3}))
    close_item = forms.BooleanField(label=_("the decision closes the item"), required=False)


class ReferForm(forms.Form):
    reason = forms.CharField(
        label=_("why the street cannot settle it"), widget=forms.Textarea(attrs={"rows": 3})
    )


class RulingForm(forms.Form):
    decision = forms.CharField(
        label=_("district decision"), widget=forms.Textarea(attrs={"rows": 3})
    )
    close_item = forms.BooleanField(label=_("the decision closes the item"), required=False)


class RotaSwapForm(forms.Form):
    month = forms.IntegerField(label=_("month"), min_value=1, max_value=12)
    other_month = forms.IntegerField(label=_("other month"), min_value=1, max_value=12)
    reason = forms.CharField(label=_("reason"), max_length=200, required=False)


class RotaSkipForm(forms.Form):
    month = forms.IntegerField(label=_("month"), min_value=1, max_value=12)
    reason = forms.CharField(label=_("reason"), max_length=200)


class MonthGradingForm(forms.Form):
    """Every unit and item of a month on one form: a grade (the suggestion chosen to start
    with) and a note, which a grade other than the suggestion needs."""

    def __init__(self, *args: Any, rows: dict[str, list[dict[str, Any]]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lines: list[tuple[str, dict[str, Any]]] = []
        for group, name in (("units", "unit"), ("items", "item")):
            for row in rows[group]:
                target = row[name]
                key = f"{name}-{target.pk}"
                given = row["given"]
                self.fields[f"{key}-grade"] = forms.ChoiceField(
                    label=_("grade"),
                    choices=[("", _("not graded now")), *Grade.choices],
                    required=False,
                    initial=given.grade if given else row["suggested"],
                )
                self.fields[f"{key}-note"] = forms.CharField(
                    label=_("note"),
                    required=False,
                    max_length=500,
                    initial=given.feedback if given else "",
                )
                row["key"] = key
                row["grade_field"] = self[f"{key}-grade"]
                row["note_field"] = self[f"{key}-note"]
                self.lines.append((key, target))

    def entries(self) -> tuple[dict[Any, GradeEntry], dict[Any, GradeEntry]]:
        """Return the graded units and items, each with its grade and note."""
        units, items = {}, {}
        for key, target in self.lines:
            grade = self.cleaned_data.get(f"{key}-grade")
            if not grade:
                continue
            entry = GradeEntry(grade=grade, note=self.cleaned_data.get(f"{key}-note", ""))
            (units if key.startswith("unit-") else items)[target] = entry
        return units, items


class FollowUpQuery(forms.Form):
    """Which page of the follow-up list; its filters are alliance.filters.FollowUpFilter's."""

    page = forms.IntegerField(required=False, min_value=1, max_value=10_000)
