from django import forms


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        help_text="We will send a link to confirm it. We use it for these alerts only.",
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Email address must be 254 characters or fewer",
        },
    )
