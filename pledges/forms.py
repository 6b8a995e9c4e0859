from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import DateInput, HoneypotMixin, LabelledChoiceField
from common.params import PageField, YearField
from common.uploads import PolicyFormField
from grids.models import Node
from servicedesk.selectors import ServiceCategory

from .models import (
    ContributionKind,
    NeedSource,
    NeedStatus,
    PledgeCategory,
    PledgeStatus,
    ProjectStatus,
    ResourceKind,
    Satisfaction,
    Urgency,
)

# The sources a need is linked to by record (it comes from the desk, not from the form).
DESK_SOURCES = (NeedSource.REQUEST, NeedSource.WISH)


class RatingForm(HoneypotMixin):
    value = forms.ChoiceField(
        label=_("rating"), choices=Satisfaction.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(label=_("comment"), max_length=300, required=False)


class PledgeListForm(forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("title"), max_length=150)


class PledgeForm(forms.Form):
    text = forms.CharField(label=_("pledge"), max_length=300)
    category = forms.ChoiceField(label=_("category"), choices=PledgeCategory.choices)
    due_on = forms.DateField(label=_("due on"), widget=DateInput())


class ReviewForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("decision"),
        choices=[("1", _("Publish")), ("0", _("Return for changes"))],
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(
        label=_("review note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ProgressForm(forms.Form):
    status = forms.ChoiceField(label=_("status"), choices=PledgeStatus.choices)
    explanation = forms.CharField(
        label=_("why it was not kept"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence_text = forms.CharField(
        label=_("evidence"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence_photo = PolicyFormField(label=_("photo"), policy="pledge_photo", required=False)


class ContributionForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=ContributionKind.choices)
    description = forms.CharField(label=_("what"), max_length=200)
    value = forms.DecimalField(
        label=_("value (yuan)"), min_value=0, max_digits=12, decimal_places=2, initial=0
    )
    person_days = forms.DecimalField(
        label=_("person-days"), min_value=0, max_digits=8, decimal_places=1, initial=0
    )
    contributed_on = forms.DateField(label=_("given on"), widget=DateInput())
    evidence_text = forms.CharField(
        label=_("evidence"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence_file = PolicyFormField(label=_("evidence file"), policy="evidence", required=False)


class ProjectProgressForm(forms.Form):
    status = forms.ChoiceField(label=_("status"), choices=ProjectStatus.choices)
    progress = forms.IntegerField(label=_("progress (%)"), min_value=0, max_value=100)


class ProjectForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=150)
    goal = forms.CharField(label=_("goal"), widget=forms.Textarea(attrs={"rows": 3}))
    starts_on = forms.DateField(label=_("starts on"), widget=DateInput())
    ends_on = forms.DateField(label=_("ends on"), widget=DateInput())


class BoardQuery(forms.Form):
    """?year=: a pledge board's lists of one year (empty: the current ones); ?rated=: the
    pledge just rated, whose row shows the outcome where the reader lands; ?page=: which page
    of lists."""

    year = YearField()
    rated = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000)


# The three lists: needs, resources, the project made of a need, and the queries of their pages.


class NeedForm(forms.Form):
    """A need a secretary heard of on a visit, in a survey or at a meeting."""

    error_css_class = "error"

    community = LabelledChoiceField(
        label=_("community"), queryset=Node.objects.none(), label_fields=("name",)
    )
    place = LabelledChoiceField(
        label=_("compound or building"),
        queryset=Node.objects.none(),
        label_fields=("parent__name", "name"),
        required=False,
    )
    title = forms.CharField(
        label=_("need"),
        max_length=150,
        help_text=_("No names or phone numbers: the demand list is public."),
    )
    description = forms.CharField(
        label=_("description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    category = forms.ChoiceField(label=_("category"), choices=ServiceCategory.choices)
    people = forms.IntegerField(label=_("people affected"), min_value=1, initial=1)
    urgency = forms.ChoiceField(label=_("urgency"), choices=Urgency.choices, initial=Urgency.SOON)
    source = forms.ChoiceField(
        label=_("heard from"),
        choices=[(k, v) for k, v in NeedSource.choices if k not in DESK_SOURCES],
    )

    def __init__(self, *args: Any, communities: Any, places: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities
        self.fields["place"].queryset = places


class CaseToNeedForm(forms.Form):
    """A request or wish from the community's desk, put on the demand list."""

    source = forms.ChoiceField(choices=[(k, k) for k in DESK_SOURCES])
    source_id = forms.IntegerField(min_value=1, max_value=2**31 - 1)
    title = forms.CharField(label=_("need"), max_length=150)
    category = forms.ChoiceField(label=_("category"), choices=ServiceCategory.choices)
    people = forms.IntegerField(label=_("people affected"), min_value=1, initial=1)
    urgency = forms.ChoiceField(label=_("urgency"), choices=Urgency.choices, initial=Urgency.SOON)


class NeedsQuery(forms.Form):
    """?community=, ?status=: which needs of the list; ?page=."""

    community = forms.ModelChoiceField(queryset=Node.objects.none(), required=False)
    status = forms.ChoiceField(choices=[("", ""), *NeedStatus.choices], required=False)
    page = PageField()

    def __init__(self, *args: Any, communities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities


class OfferForm(forms.Form):
    error_css_class = "error"

    note = forms.CharField(label=_("what we offer"), max_length=300)
    resource = LabelledChoiceField(
        label=_("resource"),
        queryset=Node.objects.none(),
        label_fields=("title", "capacity"),
        required=False,
    )

    def __init__(self, *args: Any, resources: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["resource"].queryset = resources


class NeedProjectForm(ProjectForm):
    """A need matched with units' resources, made a co-building project."""

    error_css_class = "error"

    lead_unit = LabelledChoiceField(
        label=_("lead unit"), queryset=Node.objects.none(), label_fields=("name", "community__name")
    )
    resources = forms.ModelMultipleChoiceField(
        label=_("resources used"),
        queryset=Node.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, units: Any, resources: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = units
        self.fields["resources"].queryset = resources
        self.fields["resources"].label_from_instance = lambda r: (
            f"{r.unit.name} · {r.title} · {r.capacity}"
        )


class ResourceForm(forms.Form):
    error_css_class = "error"

    unit = LabelledChoiceField(
        label=_("member unit"), queryset=Node.objects.none(), label_fields=("name",)
    )
    kind = forms.ChoiceField(label=_("kind"), choices=ResourceKind.choices)
    category = forms.ChoiceField(label=_("answers needs of"), choices=ServiceCategory.choices)
    title = forms.CharField(label=_("resource"), max_length=150)
    capacity = forms.CharField(
        label=_("capacity"),
        max_length=60,
        help_text=_("How much: 40 seats, 20,000 yuan a year, 6 volunteers."),
    )
    availability = forms.CharField(
        label=_("availability"),
        max_length=100,
        help_text=_("When: weekday evenings, weekends, on request."),
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        if units.count() == 1:
            self.fields["unit"].initial = units.first()
            self.fields["unit"].widget = forms.HiddenInput()


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("milestone"), max_length=150)
    due_on = forms.DateField(label=_("due on"), widget=DateInput())
    done_on = forms.DateField(label=_("done on"), widget=DateInput(), required=False)


class PublicListsQuery(forms.Form):
    """?list=: which of the three lists a community's public page shows; ?rated=: the project
    just rated; ?page=."""

    list = forms.ChoiceField(
        choices=[("needs", "needs"), ("resources", "resources"), ("projects", "projects")],
        required=False,
    )
    rated = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    page = PageField()
