"""Forms of the inquiry pages: intake usable on the phone with a family, in any script."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Channel, Disclosure

LETTER_LANGUAGES = [("uk", "Українська"), ("ru", "Русский"), ("en", "English")]


class IntakeForm(forms.Form):
    subject_name = forms.CharField(max_length=300, label=_("Person sought: full name, any script and order"))
    subject_birth_date = forms.CharField(required=False, max_length=40, label=_("Date or year of birth"))
    subject_birth_place = forms.CharField(required=False, max_length=200, label=_("Place of birth"))
    subject_service_number = forms.CharField(required=False, max_length=64, label=_("Service number"))
    subject_unit = forms.CharField(required=False, max_length=200, label=_("Unit"))
    last_seen = forms.CharField(required=False, max_length=300, label=_("Last news: date and place"))
    inquirer_name = forms.CharField(max_length=200, label=_("Inquirer"))
    relationship = forms.CharField(
        required=False, max_length=50, label=_("Relationship to the person sought")
    )
    inquirer_contact = forms.CharField(
        required=False, max_length=300, label=_("Telephone, address or e-mail")
    )
    channel = forms.ChoiceField(choices=Channel.choices, initial=Channel.PHONE, label=_("Received by"))
    letter_language = forms.ChoiceField(
        choices=LETTER_LANGUAGES, label=_("Language of letters to the family")
    )
    consent_to_share = forms.BooleanField(
        required=False,
        label=_("The inquirer agrees that the inquiry is passed to the other side and the CTA"),
    )
    disclosure_restriction = forms.ChoiceField(
        choices=Disclosure.choices, required=False, label=_("What may be told to the family")
    )
    restriction_note = forms.CharField(required=False, max_length=300, label=_("Why (for the file)"))

    def clean_subject_birth_date(self) -> str:
        from cartel.engine.names import parse_date

        text = self.cleaned_data["subject_birth_date"].strip()
        if not text:
            return ""
        date = parse_date(text)
        if date is None:
            raise forms.ValidationError(_("Not a date: write dd.mm.yyyy, yyyy-mm-dd or a year."))
        return date.iso()


class EvidenceForm(forms.Form):
    evidence = forms.CharField(max_length=300, label=_("Evidence (list, row, report)"))


class ReasonForm(forms.Form):
    reason = forms.CharField(max_length=300, label=_("Reason"))
