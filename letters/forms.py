"""Forms for the admin's letter import: upload, then review and correct, then confirm.

The review shows only the fields of the letter's framework (2016: whether a WSOA is required,
the significant weaknesses with their verdicts and the closing decision; 2023: the outcome,
the areas for priority action and for improvement), each parser warning beside the field it
concerns, and each problem the models find beside the field it is about.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core import signing
from django.core.files.uploadedfile import UploadedFile

from areas.models import Area
from inspections.models import InspectionKind, Theme, Verdict
from inspections.theme_rules import suggest_theme
from letters.importing import Problem, letter_json
from letters.reader import LetterResult, PriorityAction, Weakness
from letters.recording import Themes
from progress.forms import GovukDateField
from progress.validators import strip_invisible

MAX_UPLOAD = 20 * 1024 * 1024
MAX_FILES = 20
TOKEN_SALT = "inspections.letter-import"
TOKEN_MAX_AGE = 60 * 60 * 24  # as long as a pending upload is kept


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Any number of files, cleaned one by one; an empty list when none was chosen."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files if item]


class LetterUploadForm(forms.Form):
    document = MultipleFileField(
        label="Letter or report (PDF or text file)",
        required=False,
        help_text="Ofsted/CQC area SEND letters and reports, as published. Choose several "
        f"files (up to {MAX_FILES}) to import them together.",
    )
    text = forms.CharField(
        label="Or paste the letter's text", required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    save_ready = forms.BooleanField(
        label="Save without review every letter the reader had no warnings about",
        required=False,
        help_text="The others are listed for you to review one by one.",
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        documents, text = data.get("document") or [], (data.get("text") or "").strip()
        if not documents and not text:
            raise forms.ValidationError("Choose a PDF or text file, or paste the letter's text.")
        if documents and text:
            raise forms.ValidationError("Upload files or paste a letter's text, not both.")
        if len(documents) > MAX_FILES:
            raise forms.ValidationError(f"Choose at most {MAX_FILES} files at once.")
        for document in documents:
            if document.size > MAX_UPLOAD:
                raise forms.ValidationError(
                    f"{document.name} is larger than 20 MB; is it really a letter?"
                )
        return data


class VisibleTextField(forms.CharField):
    """Text without invisible characters at either end: if that is all it was, it is blank."""

    def to_python(self, value: Any) -> str | None:
        text = strip_invisible(super().to_python(value) or "")
        return self.empty_value if text in self.empty_values else text


OUTCOME_CHOICES = [
    ("", "None"),
    ("positive", "1: typically positive"),
    ("inconsistent", "2: inconsistent"),
    ("widespread", "3: widespread and/or systemic failings"),
]
WSOA_CHOICES = [("", "Not stated"), ("true", "Yes"), ("false", "No")]

COMMON_FIELDS = ["area", "framework", "kind", "visit_start", "visit_end", "letter_date"]
FRAMEWORK_FIELDS = {"2016": ["wsoa_required", "decision"], "2023": ["outcome"]}


class LetterReviewForm(forms.Form):
    """Every parsed field an admin may correct before saving."""

    token = forms.CharField(widget=forms.HiddenInput)
    area = forms.ModelChoiceField(
        queryset=Area.objects.all(),
        to_field_name="slug",
        empty_label="Choose an area",
        error_messages={"required": "Choose the local area the letter is about"},
    )
    framework = forms.ChoiceField(choices=[("2016", "2016 framework"), ("2023", "2023 framework")])
    kind = forms.ChoiceField(choices=InspectionKind.choices)
    # Typed as day, month and year (GOV.UK's date input), as the progress updates' date is.
    visit_start = GovukDateField(label="Visit start", required=False)
    visit_end = GovukDateField(label="Visit end", required=False)
    letter_date = GovukDateField(label="Letter date", required=False)
    outcome = forms.ChoiceField(choices=OUTCOME_CHOICES, required=False)
    wsoa_required = forms.ChoiceField(label="WSOA required", choices=WSOA_CHOICES, required=False)
    decision = forms.CharField(
        label="What DfE and NHS England do next",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 90}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A 2023-framework report's date is the date Ofsted published it.
        framework = self.data.get("framework") if self.is_bound else self.initial.get("framework")
        if framework == "2023":
            self.fields["letter_date"].label = "Publication date"

    def clean_token(self) -> Pending:
        try:
            return read_token(self.cleaned_data["token"])
        except signing.BadSignature:
            raise forms.ValidationError(
                "This preview has expired: upload the letter again."
            ) from None

    def shown_fields(self, framework: str) -> list[str]:
        return COMMON_FIELDS + FRAMEWORK_FIELDS.get(framework, [])


THEME_CHOICES = [("", "Choose a theme"), *Theme.choices]


class FindingForm(forms.Form):
    """One finding on the review. A blank row (the one to add a finding the reader missed)
    counts as filled in only when something is written in it: a theme or verdict chosen
    in a row with no text is ignored, not refused for want of the text."""

    WRITTEN = ("text", "responsible_body")
    item_label = ""  # "area for improvement 2", set by its formset

    def has_changed(self) -> bool:
        return any(
            (self[name].value() or "").strip() for name in self.WRITTEN if name in self.fields
        )


class WeaknessForm(FindingForm):
    text = VisibleTextField(widget=forms.Textarea(attrs={"rows": 4, "cols": 90}))
    verdict = forms.ChoiceField(choices=[("", "No verdict"), *Verdict.choices], required=False)
    theme = forms.ChoiceField(choices=THEME_CHOICES, required=False)


class PriorityActionForm(FindingForm):
    text = VisibleTextField(widget=forms.Textarea(attrs={"rows": 4, "cols": 90}))
    responsible_body = VisibleTextField(
        max_length=300, widget=forms.Textarea(attrs={"rows": 2, "cols": 90})
    )
    theme = forms.ChoiceField(choices=THEME_CHOICES, required=False)


class ImprovementForm(FindingForm):
    text = VisibleTextField(widget=forms.Textarea(attrs={"rows": 4, "cols": 90}))
    theme = forms.ChoiceField(choices=THEME_CHOICES, required=False)


class ReviewFormSet(forms.BaseFormSet):
    """One list of findings on the review form, with what the review page shows of it (set
    by `review_formsets` and the review view); each of its forms is given its `number`,
    whether it `is_extra`, its `warnings` and the weakness it matches (`existing`)."""

    prefix: str  # always given: the section's
    section: Section
    count: int  # the items the reader found (any after them are blank, to add one)
    warnings: list[str]  # the reader's warnings about the list as a whole
    pages: list[int]  # the PDF pages the list is on, where the reader found them

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        """Each item knows what to call itself ("area for improvement 2"), so that its errors
        say which item they are about, beside it and in the error summary."""
        super().add_fields(form, index)
        if not isinstance(form, FindingForm) or index is None:
            return
        item = self.section.item.lower()
        form.item_label = (
            f"{item} {index + 1}" if index < self.initial_form_count() else f"the {item} you added"
        )
        for name in FindingForm.WRITTEN:
            if name in form.fields:
                what = "text" if name == "text" else "responsible body"
                form.fields[name].error_messages["required"] = (
                    f"Enter the {what} of {form.item_label}"
                )


# One blank form to add an item the reader missed; a box to drop one it misread.
WeaknessFormSet = forms.formset_factory(
    WeaknessForm, formset=ReviewFormSet, extra=0, can_delete=True
)
PriorityActionFormSet = forms.formset_factory(
    PriorityActionForm, formset=ReviewFormSet, extra=1, can_delete=True
)
ImprovementFormSet = forms.formset_factory(
    ImprovementForm, formset=ReviewFormSet, extra=1, can_delete=True
)


@dataclass(frozen=True)
class Section:
    """One list of findings on the review form."""

    prefix: str
    key: str  # the letter's key for the list, as problems and warnings name it
    heading: str
    item: str
    formset_class: type


SECTIONS = {
    "weaknesses": Section(
        "weaknesses", "weaknesses", "Significant weaknesses", "Weakness", WeaknessFormSet
    ),
    "priority": Section(
        "priority",
        "priority_actions",
        "Areas for priority action",
        "Area for priority action",
        PriorityActionFormSet,
    ),
    "improvements": Section(
        "improvements",
        "areas_for_improvement",
        "Areas for improvement",
        "Area for improvement",
        ImprovementFormSet,
    ),
}
FRAMEWORK_SECTIONS = {"2016": ["weaknesses"], "2023": ["priority", "improvements"]}


def framework_of(letter: LetterResult) -> str:
    return "2016" if letter.framework == "2016" else "2023"


def review_formsets(
    letter: LetterResult, framework: str, data: Mapping[str, Any] | None = None
) -> list[ReviewFormSet]:
    """The formsets of the framework's findings, each knowing its `section`.

    Each finding starts with the theme the rules suggest; the admin may change it.
    """
    items = {
        "weaknesses": [
            {"text": w.text, "verdict": w.verdict, "theme": suggest_theme(w.text)}
            for w in letter.weaknesses
        ],
        "priority": [
            {
                "text": action.text,
                "responsible_body": action.responsible_body,
                "theme": suggest_theme(action.text),
            }
            for action in letter.priority_actions
        ],
        "improvements": [
            {"text": text, "theme": suggest_theme(text)} for text in letter.areas_for_improvement
        ],
    }
    formsets: list[ReviewFormSet] = []
    for prefix in FRAMEWORK_SECTIONS[framework]:
        section = SECTIONS[prefix]
        formset = section.formset_class(
            data, prefix=prefix, initial=None if data is not None else items[prefix]
        )
        formset.section = section
        formsets.append(formset)
    return formsets


def kept(formset: forms.BaseFormSet) -> list[forms.Form]:
    """The filled-in forms an admin did not mark for removal, in order."""
    return [f for f in formset if f.cleaned_data and not f.cleaned_data.get("DELETE")]


@dataclass(frozen=True)
class Pending:
    """What a review's signed token carries: the reader's result and the upload it came from."""

    letter: LetterResult
    text: str
    pending: str  # the pending upload's name
    filename: str
    batch: bool = False


def make_token(pending: Pending) -> str:
    return signing.dumps(
        {
            "letter": letter_json(pending.letter),
            "text": pending.text,
            "pending": pending.pending,
            "filename": pending.filename,
            "batch": pending.batch,
        },
        salt=TOKEN_SALT,
        compress=True,
    )


def read_token(token: str) -> Pending:
    """The token's contents, typed. Raises signing.BadSignature for a forged or old token."""
    payload = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    return Pending(
        LetterResult.from_json_dict(payload["letter"]),
        payload["text"],
        payload["pending"],
        payload["filename"],
        payload["batch"],
    )


def review_initial(letter: LetterResult, token: str, area: Area | None) -> dict[str, Any]:
    def bool_choice(value: bool | None) -> str:
        return "" if value is None else str(bool(value)).lower()

    return {
        "token": token,
        "area": area.slug if area else "",
        "framework": letter.framework or "",
        "kind": letter.kind or "",
        "visit_start": letter.visit_start,
        "visit_end": letter.visit_end,
        "letter_date": letter.letter_date,
        "outcome": letter.outcome or "",
        "wsoa_required": bool_choice(letter.wsoa_required),
        "decision": letter.decision or "",
    }


def corrected_letter(
    original: LetterResult, form: LetterReviewForm, formsets: list[ReviewFormSet]
) -> tuple[LetterResult, Themes]:
    """The reader's result with the admin's corrections made, and the themes chosen.

    Only the fields the review showed are taken from it: the other framework's keep what the
    reader found (nothing, for a letter of this framework).
    """
    data = form.cleaned_data
    changes = {
        "area": data["area"].name,
        "framework": data["framework"],
        "kind": data["kind"],
        "visit_start": data["visit_start"],
        "visit_end": data["visit_end"],
        "letter_date": data["letter_date"],
    }
    shown = form.shown_fields(framework_of(original))
    if "outcome" in shown:
        changes["outcome"] = data["outcome"] or None
    if "wsoa_required" in shown:
        changes["wsoa_required"] = {"true": True, "false": False}.get(data["wsoa_required"])
    if "decision" in shown:
        changes["decision"] = data["decision"] or None
    by_prefix = {formset.prefix: [f.cleaned_data for f in kept(formset)] for formset in formsets}
    themes = {}
    if "weaknesses" in by_prefix:
        items = by_prefix["weaknesses"]
        # What the inspectors found stays with the weakness at the same place.
        narratives = [weakness.narrative for weakness in original.weaknesses]
        changes["weaknesses"] = [
            Weakness(
                item["text"],
                item["verdict"] or None,
                narratives[index] if index < len(narratives) else "",
            )
            for index, item in enumerate(items)
        ]
        themes["weaknesses"] = tuple(item["theme"] or None for item in items)
    if "priority" in by_prefix:
        items = by_prefix["priority"]
        changes["priority_actions"] = [
            PriorityAction(item["text"], item["responsible_body"]) for item in items
        ]
        themes["priority_actions"] = tuple(item["theme"] or None for item in items)
    if "improvements" in by_prefix:
        items = by_prefix["improvements"]
        changes["areas_for_improvement"] = [item["text"] for item in items]
        themes["areas_for_improvement"] = tuple(item["theme"] or None for item in items)
    return dataclasses.replace(original, **changes), Themes(**themes)


def show_problems(
    problems: list[Problem], form: LetterReviewForm, formsets: list[ReviewFormSet]
) -> None:
    """Each problem the models found, as an error beside the field or item it is about."""
    shown = form.shown_fields(form.cleaned_data.get("framework") or "")
    for problem in problems:
        if problem.section:
            formset = next((f for f in formsets if f.section.key == problem.section), None)
            items = kept(formset) if formset is not None else []
            if 0 < problem.number <= len(items):
                item = items[problem.number - 1]
                item.add_error(
                    problem.field if problem.field in item.fields else None, problem.message
                )
                continue
        if problem.field in shown and problem.field in form.fields:
            form.add_error(problem.field, problem.message)
        else:
            form.add_error(None, problem.message)


# Which field a parser warning is about, read from its wording: the first rule that matches
# places it. Warnings no rule places are listed at the top of the review.
_ITEM_RULES = [
    (re.compile(r"\barea for priority action (\d+)\b", re.I), "priority"),
    (re.compile(r"\bweakness (\d+)\b", re.I), "weaknesses"),
]
_SECTION_RULES = [
    (re.compile(r"\bareas? for priority action\b", re.I), "priority"),
    (re.compile(r"\bareas? for improvement\b", re.I), "improvements"),
    (re.compile(r"\bweaknesses\b|\bverdicts\b", re.I), "weaknesses"),
]
_FIELD_RULES = [
    (re.compile(r"previous inspection|initial inspection letter", re.I), ""),
    (re.compile(r"\bvisit\b|inspection dates", re.I), "visit_start"),
    (re.compile(r"\boutcome\b", re.I), "outcome"),
    (re.compile(r"letter's date|letter date|publication date", re.I), "letter_date"),
    (re.compile(r"statement of action (?:is|was) required|wsoa_required", re.I), "wsoa_required"),
    (re.compile(r"closing decision", re.I), "decision"),
]


@dataclass
class PlacedWarnings:
    top: list[str] = field(default_factory=list)
    fields: dict[str, list[str]] = field(default_factory=dict)
    sections: dict[str, list[str]] = field(default_factory=dict)
    items: dict[tuple[str, int], list[str]] = field(default_factory=dict)

    @property
    def placed(self) -> int:
        lists = [*self.fields.values(), *self.sections.values(), *self.items.values()]
        return sum(len(found) for found in lists)


def place_warnings(
    warnings: list[str], shown_fields: list[str], formsets: list[ReviewFormSet]
) -> PlacedWarnings:
    """Each warning beside the field, list or item it mentions, where the review shows it."""
    placed = PlacedWarnings()
    # Items the reader found (not the blank one for adding an item it missed).
    counts = {formset.prefix: formset.initial_form_count() for formset in formsets}
    for warning in warnings:
        place = _place(warning)
        if place is None:
            placed.top.append(warning)
        elif isinstance(place, tuple):
            prefix, number = place
            if 0 < number <= counts.get(prefix, 0):
                placed.items.setdefault(place, []).append(warning)
            elif prefix in counts:
                placed.sections.setdefault(prefix, []).append(warning)
            else:
                placed.top.append(warning)
        elif place in counts:
            placed.sections.setdefault(place, []).append(warning)
        elif place in shown_fields:
            placed.fields.setdefault(place, []).append(warning)
        else:
            placed.top.append(warning)
    return placed


def _place(warning: str) -> tuple[str, int] | str | None:
    for pattern, prefix in _ITEM_RULES:
        found = pattern.search(warning)
        if found:
            return prefix, int(found.group(1))
    for pattern, prefix in _SECTION_RULES:
        if pattern.search(warning):
            return prefix
    for pattern, name in _FIELD_RULES:
        if pattern.search(warning):
            return name or None
    return None


# The review's error summary --------------------------------------------------------------


@dataclass(frozen=True)
class ErrorLink:
    """One error in the review's error summary, and the id of what it is about (the field's
    input, an item, a list), or "" when nothing on the form is (the letter as a whole)."""

    message: str
    target: str = ""


# Which field an error of the plan (letters.importing) is about, read from its wording.
_PLAN_ERROR_FIELDS = [
    (re.compile(r"^No local area matches|has no written statement of action before"), "area"),
    (re.compile(r"kind of inspection"), "kind"),
    (re.compile(r"requires a WSOA but no significant weakness"), "wsoa_required"),
]
_PLAN_ERROR_ITEMS = [
    (re.compile(r"^Weakness (\d+) of the revisit"), "text"),
    (re.compile(r"^No verdict was read for weakness (\d+)"), "verdict"),
]


def error_summary(
    form: LetterReviewForm,
    shown_fields: list[str],
    formsets: list[ReviewFormSet],
    plan_errors: list[str],
) -> list[ErrorLink]:
    """Every error on the review, in the page's order, each with the id it links to: the
    plan's, the form's (a date's first wrong box), then each list's and each item's."""
    links: list[ErrorLink] = []
    by_prefix = {formset.prefix: formset for formset in formsets}
    for message in plan_errors:
        links.append(ErrorLink(message, _plan_error_target(message, form, shown_fields, by_prefix)))
    if form.is_bound:
        links += [ErrorLink(str(message)) for message in form.non_field_errors()]
        for name in form.fields:
            if name == "token":
                continue  # an expired review is sent back to the upload, not shown here
            target = form[name].id_for_label if name in shown_fields else ""
            links += [ErrorLink(str(message), target) for message in form[name].errors]
    for formset in formsets:
        if not formset.is_bound:
            continue
        links += [
            ErrorLink(str(message), f"section-{formset.prefix}")
            for message in formset.non_form_errors()
        ]
        for item in formset.forms:
            label = getattr(item, "item_label", "")
            links += [
                ErrorLink(_about(str(message), label), item.prefix)
                for message in item.non_field_errors()
            ]
            for name in item.fields:
                links += [
                    ErrorLink(_about(str(message), label), item[name].id_for_label)
                    for message in item[name].errors
                ]
    return links


def _about(message: str, item_label: str) -> str:
    """An item's error as the summary lists it: saying which item, if it does not already."""
    if not item_label or item_label in message:
        return message
    return f"{item_label[0].upper()}{item_label[1:]}: {message}"


def _plan_error_target(
    message: str,
    form: LetterReviewForm,
    shown_fields: list[str],
    formsets: dict[str, ReviewFormSet],
) -> str:
    for pattern, name in _PLAN_ERROR_FIELDS:
        if pattern.search(message):
            return form[name].id_for_label if name in shown_fields else ""
    weaknesses = formsets.get("weaknesses")
    for pattern, name in _PLAN_ERROR_ITEMS:
        found = pattern.search(message)
        if found and weaknesses is not None:
            number = int(found.group(1))
            if 0 < number <= len(weaknesses.forms):
                return weaknesses.forms[number - 1][name].id_for_label
            return "section-weaknesses"
    if "weaknesses" in message and weaknesses is not None:
        return "section-weaknesses"
    return ""
