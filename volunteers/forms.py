from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from grids.models import Node
from organizations.models import Unit
from servicedesk.forms import HoneypotMixin


class RegisterForm(HoneypotMixin):
    name = forms.CharField(label=_("name"), max_length=30)
    phone = forms.CharField(
        label=_("phone"), max_length=20, help_text=_("Your phone number is your user name.")
    )
    community = forms.ModelChoiceField(
        label=_("community of residence"), queryset=Node.objects.none()
    )
    skills = forms.CharField(label=_("skills"), max_length=200, required=False)
    availability = forms.CharField(label=_("availability"), max_length=100, required=False)
    is_party_member = forms.BooleanField(label=_("I am a party member"), required=False)
    work_unit = forms.ModelChoiceField(
        label=_("work unit (in-service party members)"),
        queryset=Unit.objects.none(),
        required=False,
    )
    party_organization = forms.CharField(
        label=_("party organisation"), max_length=120, required=False
    )
    password = forms.CharField(label=_("password"), widget=forms.PasswordInput, min_length=8)
    consent = forms.BooleanField(
        label=_("I agree that the community keeps these details to organise volunteer service."),
        required=True,
    )

    def __init__(self, *args, street=None, **kwargs):
        super().__init__(*args, **kwargs)
        if street is not None:
            self.fields["community"].queryset = (
                Node.objects.communities().filter(tree_id=street.tree_id).order_by("lft")
            )
            self.fields["work_unit"].queryset = Unit.objects.filter(
                community__tree_id=street.tree_id, left_on__isnull=True
            ).order_by("name")

    def clean_password(self):
        password = self.cleaned_data["password"]
        validate_password(password)
        return password


class ReviewHoursForm(forms.Form):
    approve = forms.TypedChoiceField(
        choices=[("1", _("Approve")), ("0", _("Reject"))], coerce=lambda v: v == "1"
    )
