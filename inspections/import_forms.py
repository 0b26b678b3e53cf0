"""Forms for the admin's letter import: upload, then review and correct, then confirm."""

from __future__ import annotations

from django import forms
from django.core import signing
from django.core.files.storage import default_storage

from areas.models import Area
from inspections.models import InspectionKind, Theme, Verdict

MAX_UPLOAD = 20 * 1024 * 1024
TOKEN_SALT = "inspections.letter-import"


class LetterUploadForm(forms.Form):
    document = forms.FileField(
        label="Letter or report (PDF or text file)",
        required=False,
        help_text="Ofsted/CQC area SEND letters and reports, as published.",
    )
    text = forms.CharField(
        label="Or paste the letter's text", required=False, widget=forms.Textarea(attrs={"rows": 8})
    )

    def clean(self):
        data = super().clean()
        document, text = data.get("document"), (data.get("text") or "").strip()
        if not document and not text:
            raise forms.ValidationError("Choose a PDF or text file, or paste the letter's text.")
        if document and document.size > MAX_UPLOAD:
            raise forms.ValidationError("The file is larger than 20 MB; is it really a letter?")
        return data


OUTCOME_CHOICES = [
    ("", "None"),
    ("positive", "1: typically positive"),
    ("inconsistent", "2: inconsistent"),
    ("widespread", "3: widespread and/or systemic failings"),
]
WSOA_CHOICES = [("", "Not stated"), ("true", "Yes"), ("false", "No")]


class LetterReviewForm(forms.Form):
    """Every parsed field an admin may correct before saving."""

    token = forms.CharField(widget=forms.HiddenInput)
    area = forms.ModelChoiceField(
        queryset=Area.objects.all(), to_field_name="slug", empty_label="Choose an area"
    )
    framework = forms.ChoiceField(choices=[("2016", "2016 framework"), ("2023", "2023 framework")])
    kind = forms.ChoiceField(choices=InspectionKind.choices)
    visit_start = forms.DateField(required=False)
    visit_end = forms.DateField(required=False)
    letter_date = forms.DateField(required=False)
    outcome = forms.ChoiceField(choices=OUTCOME_CHOICES, required=False)
    wsoa_required = forms.ChoiceField(label="WSOA required", choices=WSOA_CHOICES, required=False)
    decision = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4, "cols": 90}))

    def clean_token(self):
        try:
            return signing.loads(self.cleaned_data["token"], salt=TOKEN_SALT, max_age=60 * 60 * 24)
        except signing.BadSignature:
            raise forms.ValidationError(
                "This preview has expired: upload the letter again."
            ) from None


THEME_CHOICES = [("", "Choose a theme"), *Theme.choices]


class WeaknessForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 4, "cols": 90}))
    verdict = forms.ChoiceField(choices=[("", "No verdict"), *Verdict.choices], required=False)
    theme = forms.ChoiceField(choices=THEME_CHOICES, required=False)


class PriorityActionForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 4, "cols": 90}))
    responsible_body = forms.CharField(
        max_length=300, widget=forms.Textarea(attrs={"rows": 2, "cols": 90})
    )
    theme = forms.ChoiceField(choices=THEME_CHOICES, required=False)


class ImprovementForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 4, "cols": 90}))
    theme = forms.ChoiceField(choices=THEME_CHOICES, required=False)


# One blank form to add an item the reader missed; a box to drop one it misread.
WeaknessFormSet = forms.formset_factory(WeaknessForm, extra=0, can_delete=True)
PriorityActionFormSet = forms.formset_factory(PriorityActionForm, extra=1, can_delete=True)
ImprovementFormSet = forms.formset_factory(ImprovementForm, extra=1, can_delete=True)


def kept(formset) -> list[dict]:
    """The filled-in forms an admin did not mark for removal."""
    return [f.cleaned_data for f in formset if f.cleaned_data and not f.cleaned_data.get("DELETE")]


def make_token(letter: dict, text: str, pending_name: str, filename: str) -> str:
    return signing.dumps(
        {"letter": letter, "text": text, "pending": pending_name, "filename": filename},
        salt=TOKEN_SALT,
        compress=True,
    )


def keep_pending(fingerprint: str, filename: str, data: bytes) -> str:
    """Holds an uploaded file until the admin confirms the import."""
    from django.core.files.base import ContentFile

    suffix = ".pdf" if data.lstrip()[:5] == b"%PDF-" else ".txt"
    name = f"imports/pending/{fingerprint}{suffix}"
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(data))
    return name


def review_initial(letter: dict, token: str, area: Area | None) -> dict:
    def bool_choice(value):
        return "" if value is None else str(bool(value)).lower()

    return {
        "token": token,
        "area": area.slug if area else "",
        "framework": letter.get("framework") or "",
        "kind": letter.get("kind") or "",
        "visit_start": letter.get("visit_start"),
        "visit_end": letter.get("visit_end"),
        "letter_date": letter.get("letter_date"),
        "outcome": letter.get("outcome") or "",
        "wsoa_required": bool_choice(letter.get("wsoa_required")),
        "decision": letter.get("decision") or "",
    }


def corrected_letter(
    original: dict, form: LetterReviewForm, weaknesses, actions, improvements
) -> dict:
    """The parse result with the admin's corrections applied."""
    data = form.cleaned_data
    letter = dict(original)
    for name in ("visit_start", "visit_end", "letter_date"):
        letter[name] = data[name].isoformat() if data[name] else None
    letter["framework"], letter["kind"] = data["framework"], data["kind"]
    letter["outcome"] = data["outcome"] or None
    letter["wsoa_required"] = {"true": True, "false": False}.get(data["wsoa_required"])
    letter["decision"] = data["decision"] or None
    letter["weaknesses"] = [
        {"text": item["text"], "verdict": item["verdict"] or None, "theme": item["theme"] or None}
        for item in kept(weaknesses)
    ]
    letter["priority_actions"] = [
        {
            "text": item["text"],
            "responsible_body": item["responsible_body"],
            "theme": item["theme"] or None,
        }
        for item in kept(actions)
    ]
    improvements = kept(improvements)
    letter["areas_for_improvement"] = [item["text"] for item in improvements]
    letter["improvement_themes"] = {
        str(number): item["theme"]
        for number, item in enumerate(improvements, start=1)
        if item["theme"]
    }
    letter["area"] = data["area"].name
    return letter
