from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import DateInput, HoneypotMixin
from common.params import YearField
from common.uploads import PolicyFormField

from .models import ContributionKind, PledgeCategory, PledgeStatus, ProjectStatus, Satisfaction


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
