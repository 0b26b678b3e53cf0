from django import forms

from areas.models import Region
from inspections.history import FRAMEWORK_2_PENDING, STATUSES
from inspections.models import Outcome, Theme

SORTS = {
    "name": "Area",
    "region": "Region",
    "framework-1": "Latest 2016-framework result",
    "framework-2": "Latest 2023-framework outcome",
    "next": "Next expected event",
}


class AreaFilterForm(forms.Form):
    """The filters on /areas/: every one optional, every value checked."""

    q = forms.CharField(label="Search by area name", required=False, max_length=80)
    region = forms.ChoiceField(
        label="Region", required=False, choices=[("", "All regions"), *Region.choices]
    )
    status = forms.ChoiceField(
        label="Where things stand",
        required=False,
        choices=[("", "Any status")]
        + [(s.key, s.label) for s in STATUSES.values() if not s.key.startswith("outcome")]
        + [(FRAMEWORK_2_PENDING.key, FRAMEWORK_2_PENDING.label)],
    )
    outcome = forms.ChoiceField(
        label="2023-framework outcome",
        required=False,
        choices=[("", "Any outcome")]
        + [(str(v), f"Outcome {v}: {label}") for v, label in Outcome.choices],
    )
    theme = forms.ChoiceField(
        label="Weakness theme", required=False, choices=[("", "Any theme"), *Theme.choices]
    )
    sort = forms.ChoiceField(
        required=False,
        choices=[(f"{way}{key}", label) for key, label in SORTS.items() for way in ("", "-")],
    )
