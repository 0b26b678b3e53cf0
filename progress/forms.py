import datetime as dt
from collections.abc import Mapping
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.db import InterfaceError, OperationalError, transaction
from django.forms.boundfield import BoundField

from progress.models import ForumResponse, ProgressUpdate, Rag, Visibility
from progress.validators import strip_invisible

STALE = (
    "This update was changed by someone else since you opened it. Your changes have not been "
    "saved: copy anything you need, cancel to see the latest version, then make your changes again."
)
BUSY = (
    "The tracker could not save this just now: its database was busy or could not be reached. "
    "Nothing was saved, and what you typed is below: try again in a moment."
)
WITHDRAWN = (
    "This update was withdrawn since you opened it, so it cannot be changed. Your changes have "
    "not been saved."
)


class VisibleTextField(forms.CharField):
    """Text without the invisible characters at either end: if that is all it was, it is blank."""

    def to_python(self, value: Any) -> str | None:
        text = super().to_python(value)
        if text is not None:
            text = strip_invisible(text)
        return self.empty_value if text in self.empty_values else text


DATE_PARTS = ("day", "month", "year")
MONTHS = "january february march april may june july august september october november december"
# A month typed as a word is fine too: "March", "Mar" (and "Sept").
MONTH_NAMES = {
    **{name: n for n, name in enumerate(MONTHS.split(), start=1)},
    **{name[:3]: n for n, name in enumerate(MONTHS.split(), start=1)},
    "sept": 9,
}


class DateInput(forms.Widget):
    """GOV.UK's date input: three boxes, named <name>-day, <name>-month and <name>-year."""

    def value_from_datadict(
        self, data: Mapping[str, Any], files: Mapping[str, Any], name: str
    ) -> dict[str, str]:
        return {part: data.get(f"{name}-{part}", "") for part in DATE_PARTS}

    def value_omitted_from_data(
        self, data: Mapping[str, Any], files: Mapping[str, Any], name: str
    ) -> bool:
        return not any(f"{name}-{part}" in data for part in DATE_PARTS)

    def id_for_label(self, id_: str) -> str:
        return f"{id_}-day" if id_ else id_


class DateBoundField(BoundField):
    """What the template needs to draw the three boxes, marking the ones that are wrong."""

    @property
    def wrong_parts(self) -> tuple[str, ...]:
        """The boxes an error is about: those named by the field's error, else all three
        (an error about the whole date, such as one in the future)."""
        for error in self.errors.as_data():
            return (error.params or {}).get("parts", DATE_PARTS)
        return ()

    @property
    def parts(self) -> list[dict]:
        value = self.value()
        if isinstance(value, dt.date):
            value = {"day": str(value.day), "month": str(value.month), "year": str(value.year)}
        value = value if isinstance(value, dict) else {}
        wrong = self.wrong_parts
        return [
            {
                "name": f"{self.html_name}-{part}",
                "id": f"{self.auto_id}-{part}",
                "label": part.capitalize(),
                "value": value.get(part, ""),
                "width": 4 if part == "year" else 2,
                "wrong": part in wrong,
            }
            for part in DATE_PARTS
        ]

    @property
    def id_for_label(self) -> str:
        """Where the error summary's link goes: the first box that is wrong."""
        wrong = self.wrong_parts
        return f"{self.auto_id}-{next((p for p in DATE_PARTS if p in wrong), 'day')}"


class GovukDateField(forms.Field):
    """A date typed as day, month and year, refused with GOV.UK's messages for date inputs."""

    widget = DateInput
    default_error_messages = {
        "required": "Enter the date",
        "incomplete": "%(label)s must include a %(missing)s",
        "year": "Year must include 4 numbers",
        "invalid": "%(label)s must be a real date",
    }

    def get_bound_field(self, form: forms.BaseForm, field_name: str) -> BoundField:
        return DateBoundField(form, self, field_name)

    def to_python(self, value: Any) -> dt.date | None:
        if isinstance(value, dt.date) or not value:
            return value or None
        label = self.label or "Date"
        if not isinstance(value, dict):
            raise ValidationError(
                self.error_messages["invalid"], code="invalid", params={"label": label}
            )
        given = {part: strip_invisible(str(value.get(part) or "")) for part in DATE_PARTS}
        if not any(given.values()):
            return None  # then "required" says what to do
        missing = [part for part in DATE_PARTS if not given[part]]
        if missing:
            raise ValidationError(
                self.error_messages["incomplete"],
                code="incomplete",
                params={"label": label, "missing": " and ".join(missing), "parts": missing},
            )
        month = given["month"].lower()
        numbers = {
            "day": given["day"],
            "month": str(MONTH_NAMES[month]) if month in MONTH_NAMES else month,
            "year": given["year"],
        }
        if not (_is_number(numbers["year"]) and len(numbers["year"]) == 4):
            raise ValidationError(
                self.error_messages["year"], code="year", params={"parts": ("year",)}
            )
        wrong = [part for part in ("day", "month") if not _is_number(numbers[part])]
        if wrong:
            raise ValidationError(
                self.error_messages["invalid"],
                code="invalid",
                params={"label": label, "parts": wrong},
            )
        try:
            return dt.date(*(int(numbers[part]) for part in ("year", "month", "day")))
        except ValueError:  # such as 31 February: the whole date is wrong
            raise ValidationError(
                self.error_messages["invalid"], code="invalid", params={"label": label}
            ) from None


def _is_number(text: str) -> bool:
    return text.isascii() and text.isdigit()


class ProgressUpdateForm(forms.ModelForm):
    # The version the update was at when the form was opened: saving an older one is refused.
    version = forms.IntegerField(
        widget=forms.HiddenInput, error_messages={"required": STALE, "invalid": STALE}
    )
    # The limits (from 1 January 2014, not in the future) are the model's, so the admin has them.
    date = GovukDateField(
        label="Date",
        help_text="The date the update describes, from 1 January 2014. For example, 27 3 2026.",
        error_messages={"required": "Enter the date of the update"},
    )

    class Meta:
        model = ProgressUpdate
        fields = ["date", "rag", "summary", "details", "evidence_links", "next_steps", "visibility"]
        widgets = {
            "rag": forms.RadioSelect,
            "visibility": forms.RadioSelect,
            "details": forms.Textarea(attrs={"rows": 4}),
            "evidence_links": forms.Textarea(attrs={"rows": 2}),
            "next_steps": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = dict.fromkeys(
            ["summary", "details", "evidence_links", "next_steps"], VisibleTextField
        )
        labels = {"rag": "RAG rating", "evidence_links": "Evidence links"}
        error_messages = {
            "rag": {"required": "Choose a RAG rating"},
            "summary": {
                "required": "Enter a one-line summary",
                "max_length": "Summary must be 200 characters or fewer",
            },
            "visibility": {"required": "Choose who can see the update"},
        }
        help_texts = {
            "summary": "One line families will read first.",
            "visibility": "Internal updates are seen only by this area's officers and admins.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Radios need no "---------" choice: nothing chosen is an error, said plainly.
        for name, choices in (("rag", Rag.choices), ("visibility", Visibility.choices)):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)  # as for every model field with choices
            field.choices = choices
        if self.instance.pk is None:
            del self.fields["version"]
            # Who can see a new update is the officer's choice, never a default: nothing
            # chosen is refused ("Choose who can see the update").
            self.initial.pop("visibility", None)
            self.fields["visibility"].initial = None  # the model's default is not offered
        else:
            self.fields["version"].initial = self.instance.version

    def save_new(self) -> bool:
        """Saves a new update; if the database cannot take it just now, says so on the form
        (which keeps everything typed) and saves nothing."""
        try:
            with transaction.atomic():
                self.save()
        except (OperationalError, InterfaceError):  # locked, or the database is gone
            self.add_error(None, BUSY)
            return False
        return True

    def save_changes(self) -> bool:
        """Saves only the form's fields, and only if the update is as it was when the form was
        opened: not saved by anyone since, nor withdrawn. Otherwise says why and saves nothing."""
        try:
            return self._save_changes()
        except (OperationalError, InterfaceError):  # locked, or the database is gone
            self.add_error(None, BUSY)
            return False

    def _save_changes(self) -> bool:
        with transaction.atomic():
            stored = ProgressUpdate.objects.select_for_update().get(pk=self.instance.pk)
            if stored.is_withdrawn:
                self.add_error(None, WITHDRAWN)
            elif stored.version != self.cleaned_data["version"]:
                self.add_error(None, STALE)
            else:
                self.instance.version = stored.version
                self.instance.save(update_fields=[*self.Meta.fields, "updated_at"])
                return True
        return False


class ForumResponseForm(forms.ModelForm):
    class Meta:
        model = ForumResponse
        fields = ["text"]
        field_classes = {"text": VisibleTextField}
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}
        labels = {"text": "The forum's response"}
        error_messages = {"text": {"required": "Enter the forum's response"}}


class SignInForm(AuthenticationForm):
    """Django's sign-in form, with messages that say which box needs filling in."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
