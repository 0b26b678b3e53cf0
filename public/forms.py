from urllib.parse import urlsplit

from django import forms
from django.utils import timezone

from areas.models import Area, Region
from areas.statuses import STATUSES
from inspections.models import Framework, Outcome, Theme
from public.finding_search import OUTCOMES

SORTS = {
    "name": "Area",
    "region": "Region",
    "framework-1": "Latest 2016-framework result",
    "framework-2": "Latest 2023-framework outcome",
    "next": "Next expected event",
}

# Where things stand, for the status filter (the outcomes have a filter of their own).
STATUS_CHOICES: list[tuple[str, str]] = [("", "Any status")] + [
    (s.key, s.label) for s in STATUSES.values() if not s.outcome_alone
]


class AreaFilterForm(forms.Form):
    """The filters on /areas/: every one optional, every value checked."""

    q = forms.CharField(label="Search by area, town or postcode", required=False, max_length=80)
    region = forms.ChoiceField(
        label="Region", required=False, choices=[("", "All regions"), *Region.choices]
    )
    status = forms.ChoiceField(label="Where things stand", required=False, choices=STATUS_CHOICES)
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


class MistakeReportForm(forms.Form):
    what_is_wrong = forms.CharField(
        label="What is wrong?",
        help_text="Say which date, finding or sentence is wrong, and what it should say. "
        "Do not include anything personal about a child.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": "Enter what is wrong",
            "max_length": "What is wrong must be 2,000 characters or fewer",
        },
    )
    email = forms.EmailField(
        label="Email address (optional)",
        help_text="Only if you would like a reply. It is seen by the tracker's editors and "
        "nobody else.",
        required=False,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
    )

    def clean_what_is_wrong(self) -> str:
        text = self.cleaned_data["what_is_wrong"].strip()
        if not "".join(ch for ch in text if ch.isprintable() and not ch.isspace()):
            raise forms.ValidationError("Enter what is wrong")
        return text


class FeedbackForm(MistakeReportForm):
    """The beta banner's feedback: what is wrong or could be better, about an area or none."""

    what_is_wrong = forms.CharField(
        label="What would you like to tell us?",
        help_text="What is wrong, missing or hard to use. Do not include anything personal "
        "about a child.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": "Enter your feedback",
            "max_length": "Your feedback must be 2,000 characters or fewer",
        },
    )
    area = forms.ModelChoiceField(
        label="Which local area is it about? (optional)",
        queryset=Area.objects.current().order_by("name"),
        required=False,
        to_field_name="slug",
        empty_label="No area in particular",
        error_messages={"invalid_choice": "Choose a local area from the list"},
    )
    page = forms.CharField(required=False, max_length=300, widget=forms.HiddenInput)

    def clean_what_is_wrong(self) -> str:
        text = self.cleaned_data["what_is_wrong"].strip()
        if not "".join(ch for ch in text if ch.isprintable() and not ch.isspace()):
            raise forms.ValidationError("Enter your feedback")
        return text

    def clean_page(self) -> str:
        """The page the person came from: a path on this site, or nothing."""
        return local_path(self.cleaned_data["page"])


def local_path(value: str) -> str:
    """A path on this site ("/areas/luton/"), or "" for anything else (another site's
    address, "//host", a backslash, a control character): never stored as given."""
    value = value.strip()
    if (
        not value.startswith("/")
        or value.startswith("//")
        or "\\" in value
        or not value.isprintable()
        or urlsplit(value).scheme
        or urlsplit(value).netloc
    ):
        return ""
    return value


def _year_choices() -> list[tuple[str, str]]:
    """Every year a finding could be from: the 2016 framework's first to next year."""
    return [("", "Any year")] + [
        (str(year), str(year)) for year in range(timezone.localdate().year + 1, 2015, -1)
    ]


class FindingSearchForm(forms.Form):
    """The words and filters of /search/: every one optional, every value checked."""

    q = forms.CharField(label="Search every finding", required=False, max_length=200)
    framework = forms.ChoiceField(
        label="Framework",
        required=False,
        choices=[
            ("", "Both frameworks"),
            (Framework.LOCAL_AREA_2016, "2016 framework: significant weaknesses"),
            (Framework.AREA_2023, "2023 framework: areas for priority action and improvement"),
        ],
    )
    outcome = forms.ChoiceField(
        label="Outcome or verdict",
        required=False,
        choices=[("", "Any outcome or verdict"), *OUTCOMES.items()],
    )
    theme = forms.ChoiceField(
        label="Theme", required=False, choices=[("", "Any theme"), *Theme.choices]
    )
    region = forms.ChoiceField(
        label="Region", required=False, choices=[("", "All regions"), *Region.choices]
    )
    year = forms.TypedChoiceField(
        label="Year", required=False, choices=_year_choices, coerce=int, empty_value=None
    )
