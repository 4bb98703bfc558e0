"""Forms of the remains pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Conclusion, IdentificationMethod


class BatchForm(forms.Form):
    receiver = forms.ModelChoiceField(queryset=None, label=_("Receiving party"))
    agreement = forms.ModelChoiceField(queryset=None, required=False, label=_("Under agreement"))
    handover_point = forms.CharField(required=False, max_length=200, label=_("Handover point"))
    transport = forms.CharField(required=False, max_length=100, label=_("Transport"))

    def __init__(self, *args: object, receivers: object, agreements: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["receiver"].queryset = receivers  # type: ignore[attr-defined]
        self.fields["agreement"].queryset = agreements  # type: ignore[attr-defined]


class ManifestForm(forms.Form):
    file = forms.FileField(label=_("Manifest (CSV, TSV or XLSX; one row per body, an id column)"))


class ReceiveForm(forms.Form):
    missing = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Bodies on the manifest that did not arrive (codes, one per line)"),
    )  # fmt: skip
    mismatches = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Particulars that differ (one per line: code: what differs)"),
    )  # fmt: skip
    extra = forms.IntegerField(
        required=False, min_value=0, initial=0, label=_("Bodies received without a manifest line")
    )

    def parsed(self) -> tuple[list[str], dict[str, str], int]:
        """Missing codes, mismatches by code, and the number of bodies off the manifest."""
        missing = [c.strip() for c in self.cleaned_data["missing"].splitlines() if c.strip()]
        mismatches: dict[str, str] = {}
        for line in self.cleaned_data["mismatches"].splitlines():
            code, _sep, text = line.partition(":")
            if code.strip():
                mismatches[code.strip()] = text.strip() or str(_("particulars differ"))
        return missing, mismatches, int(self.cleaned_data.get("extra") or 0)


class ConclusionForm(forms.Form):
    conclusion = forms.ChoiceField(choices=Conclusion.choices, label=_("Conclusion"))
    method = forms.ChoiceField(choices=IdentificationMethod.choices, label=_("Method"))
    evidence_ref = forms.CharField(
        max_length=200, label=_("Evidence reference (laboratory report, case file)")
    )
    identified_name = forms.CharField(required=False, max_length=300, label=_("Identified as (name)"))
    person_id = forms.IntegerField(required=False, label=_("Registry person number, if known"))
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("Notes"))


class ResolveForm(forms.Form):
    resolution = forms.CharField(max_length=500, label=_("How it was resolved"))


class SampleForm(forms.Form):
    donor_name = forms.CharField(max_length=200, label=_("Donor (relative)"))
    donor_relationship = forms.CharField(max_length=50, label=_("Relationship to the missing person"))
    missing_person_name = forms.CharField(max_length=300, label=_("Missing person (any script)"))
    sample_type = forms.CharField(max_length=40, initial="buccal swab", label=_("Sample"))
    laboratory_ref = forms.CharField(required=False, max_length=100, label=_("Laboratory reference"))
    consent_recorded = forms.BooleanField(label=_("The donor consented to DNA comparison"))
