"""Django's own account pages, where they need a change."""

from urllib.parse import urlsplit

from axes.utils import reset as reset_lock_out
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.http import HttpResponse


class PasswordResetView(auth_views.PasswordResetView):
    """The emailed link is made from the site's configured address (SITE_URL), never from the
    request's Host header, so a forged Host cannot send someone a link to another site."""

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        site = urlsplit(settings.SITE_URL)
        # Given last to the email's template, these replace what the request would say.
        self.extra_email_context = {
            "domain": site.netloc,
            "protocol": site.scheme,
            "site_name": "SEND Inspection Tracker",
        }
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Setting a new password from the emailed link also lifts a lock-out (django-axes):
    the lock-out page sends people here."""

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:
        response = super().form_valid(form)
        reset_lock_out(username=form.user.get_username())
        return response
