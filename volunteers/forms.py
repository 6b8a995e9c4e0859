from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from common.forms import HoneypotMixin
from grids.models import Node
from organizations.models import Unit
from organizations.selectors import unit_matches

PUBLIC_NAME_LABEL = _(
    "Show my name on the public points leaderboards (otherwise it is shown as 张*)."
)


class ConsentForm(forms.Form):
    """A volunteer gives or takes back consent to their name on public pages."""

    show_publicly = forms.BooleanField(label=PUBLIC_NAME_LABEL, required=False)


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
    work_unit = forms.CharField(
        label=_("work unit (in-service party members)"),
        max_length=100,
        required=False,
        help_text=_("Type the unit's name; suggestions appear as you type."),
        widget=forms.TextInput(attrs={"list": "work-unit-options", "autocomplete": "off"}),
    )
    party_organization = forms.CharField(
        label=_("party organisation"), max_length=120, required=False
    )
    password = forms.CharField(label=_("password"), widget=forms.PasswordInput, min_length=8)
    show_publicly = forms.BooleanField(label=PUBLIC_NAME_LABEL, required=False)
    consent = forms.BooleanField(
        label=_("I agree that the community keeps these details to organise volunteer service."),
        required=True,
    )

    def __init__(self, *args, street=None, **kwargs):
        super().__init__(*args, **kwargs)
        if street is not None:
            self.fields["community"].queryset = (
                Node.objects.communities().under(street).order_by("lft")
            )
        self.street = street
        if street is not None:
            suggest = f"{reverse('volunteers:units')}?{urlencode({'street': street.code})}"
            self.fields["work_unit"].widget.attrs["data-suggest"] = suggest

    def clean_work_unit(self) -> Unit | None:
        """The street's member unit named in the field: the one whole name, else the one unit
        whose name holds the text; otherwise say what matched, and keep the form."""
        text = self.cleaned_data["work_unit"].strip()
        if not text:
            return None
        found = unit_matches(self.street, text, limit=6) if self.street else []
        if len(found) == 1:
            return found[0]
        if not found:
            raise ValidationError(
                _("No member unit on this street is called “%(name)s”."), params={"name": text}
            )
        names = "、".join(unit.name for unit in found[:5])
        raise ValidationError(
            _("Several units match “%(name)s”: %(names)s… Type the full name."),
            params={"name": text, "names": names},
        )

    def clean_password(self):
        password = self.cleaned_data["password"]
        validate_password(password)
        return password


class ReviewHoursForm(forms.Form):
    approve = forms.TypedChoiceField(
        choices=[("1", _("Approve")), ("0", _("Reject"))], coerce=lambda v: v == "1"
    )


class UnitSuggestionQuery(forms.Form):
    """?q=: part of a member unit's name."""

    q = forms.CharField(required=False)
