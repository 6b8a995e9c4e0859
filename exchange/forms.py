from django import forms
from django.utils.translation import gettext_lazy as _

from .registry import KINDS


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"))
    file = forms.FileField(
        label=_("Excel (.xlsx) or CSV file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args, kinds=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.slug, k.label) for k in (kinds or KINDS.values())]
