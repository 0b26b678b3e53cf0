from django import forms
from django.contrib.auth.forms import AuthenticationForm

from progress.models import ForumResponse, ProgressUpdate, Rag, Visibility


class ProgressUpdateForm(forms.ModelForm):
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
        labels = {"rag": "RAG rating", "evidence_links": "Evidence links"}
        error_messages = {
            "date": {"required": "Enter the date of the update", "invalid": "Enter a real date"},
            "rag": {"required": "Choose a RAG rating"},
            "summary": {"required": "Enter a one-line summary"},
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


class ForumResponseForm(forms.ModelForm):
    class Meta:
        model = ForumResponse
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}
        labels = {"text": "The forum's response"}
        error_messages = {"text": {"required": "Enter the forum's response"}}


class SignInForm(AuthenticationForm):
    """Django's sign-in form, with messages that say which box needs filling in."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
