from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import DateInput, DateTimeInput
from common.uploads import PolicyFormField
from organizations.models import Unit

from .models import AttendanceStatus, FollowUpStatus, Grade, MeetingKind, PlaceKind


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


class AttendanceForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("unit"), queryset=Unit.objects.none())
    status = forms.ChoiceField(label=_("attendance"), choices=AttendanceStatus.choices)
    substitute_name = forms.CharField(label=_("substitute"), max_length=50, required=False)
    absence_reason = forms.CharField(label=_("reason for absence"), max_length=200, required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units


class SubstituteForm(forms.Form):
    """A unit's contact names who attends in place of the unit's usual delegate."""

    substitute_name = forms.CharField(label=_("Who comes instead"), max_length=50)


class MinutesForm(forms.Form):
    minutes = forms.CharField(label=_("minutes"), widget=forms.Textarea(attrs={"rows": 8}))


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
    status = forms.ChoiceField(label=_("status"), choices=FollowUpStatus.choices)
    evidence_text = forms.CharField(
        label=_("evidence"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    evidence_file = PolicyFormField(label=_("evidence file"), policy="evidence", required=False)


class EscalateForm(forms.Form):
    reason = forms.CharField(
        label=_("why the community committee cannot settle it"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DecisionForm(forms.Form):
    decision = forms.CharField(label=_("street decision"), widget=forms.Textarea(attrs={"rows": 3}))
    close_item = forms.BooleanField(label=_("the decision closes the item"), required=False)


class RotaSwapForm(forms.Form):
    month = forms.IntegerField(label=_("month"), min_value=1, max_value=12)
    other_month = forms.IntegerField(label=_("other month"), min_value=1, max_value=12)
    reason = forms.CharField(label=_("reason"), max_length=200, required=False)


class RotaSkipForm(forms.Form):
    month = forms.IntegerField(label=_("month"), min_value=1, max_value=12)
    reason = forms.CharField(label=_("reason"), max_length=200)


class GradeForm(forms.Form):
    target = forms.CharField(widget=forms.HiddenInput)
    grade = forms.ChoiceField(label=_("grade"), choices=Grade.choices)
    feedback = forms.CharField(label=_("feedback"), required=False, max_length=500)


class FollowUpQuery(forms.Form):
    """Which page of the follow-up list; its filters are alliance.filters.FollowUpFilter's."""

    page = forms.IntegerField(required=False, min_value=1, max_value=10_000)
