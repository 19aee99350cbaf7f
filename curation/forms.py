from django import forms
from django.utils.translation import gettext_lazy as _

from .services import NOTE_MAX_LENGTH

PASS, FAIL = "pass", "fail"


class CheckForm(forms.Form):
    """One field pair per checklist point (pass or fail, and a note), and an overall note."""

    note = forms.CharField(
        label=_("Overall note"),
        max_length=NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"point-{item.pk}"] = forms.ChoiceField(
                label=item.text,
                choices=[(PASS, _("Passed")), (FAIL, _("Failed"))],
                widget=forms.RadioSelect,
                error_messages={"required": _("Say whether this point passed.")},
            )
            self.fields[f"note-{item.pk}"] = forms.CharField(
                label=_("Note"), max_length=NOTE_MAX_LENGTH, required=False
            )

    def rows(self):
        """(item, answer field, note field) for the template."""
        return [(item, self[f"point-{item.pk}"], self[f"note-{item.pk}"]) for item in self.items]

    def points(self):
        """The answers as the service takes them: ``{item_id: (passed, note)}``."""
        return {
            item.pk: (
                self.cleaned_data[f"point-{item.pk}"] == PASS,
                self.cleaned_data[f"note-{item.pk}"],
            )
            for item in self.items
        }


class RecheckForm(forms.Form):
    note = forms.CharField(
        label=_("What did you fix? (optional)"),
        max_length=NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
