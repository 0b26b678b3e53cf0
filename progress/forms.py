from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.db import transaction

from progress.models import ForumResponse, ProgressUpdate, Rag, Visibility
from progress.validators import strip_invisible

STALE = (
    "This update was changed by someone else since you opened it. Your changes have not been "
    "saved: copy anything you need, cancel to see the latest version, then make your changes again."
)
WITHDRAWN = (
    "This update was withdrawn since you opened it, so it cannot be changed. Your changes have "
    "not been saved."
)


class VisibleTextField(forms.CharField):
    """Text without the invisible characters at either end: if that is all it was, it is blank."""

    def to_python(self, value):
        value = strip_invisible(super().to_python(value))
        return self.empty_value if value in self.empty_values else value


class ProgressUpdateForm(forms.ModelForm):
    # The version the update was at when the form was opened: saving an older one is refused.
    version = forms.IntegerField(
        widget=forms.HiddenInput, error_messages={"required": STALE, "invalid": STALE}
    )

    class Meta:
        model = ProgressUpdate
        fields = ["date", "rag", "summary", "details", "evidence_links", "next_steps", "visibility"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
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
            "date": {"required": "Enter the date of the update", "invalid": "Enter a real date"},
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Radios need no "---------" choice: nothing chosen is an error, said plainly.
        self.fields["rag"].choices = Rag.choices
        self.fields["visibility"].choices = Visibility.choices
        if self.instance.pk is None:
            del self.fields["version"]
        else:
            self.fields["version"].initial = self.instance.version

    def save_changes(self) -> bool:
        """Saves only the form's fields, and only if the update is as it was when the form was
        opened: not saved by anyone since, nor withdrawn. Otherwise says why and saves nothing."""
        with transaction.atomic():
            stored = ProgressUpdate.objects.select_for_update().get(pk=self.instance.pk)
            if stored.is_withdrawn:
                self.add_error(None, WITHDRAWN)
            elif stored.version != self.cleaned_data["version"]:
                self.add_error(None, STALE)
            else:
                self.instance.version = stored.version
                self.instance.save(update_fields=[*self._meta.fields, "updated_at"])
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
