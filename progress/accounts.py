"""Django's own account pages, where they need a change."""

from axes.utils import reset as reset_lock_out
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpResponse


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Setting a new password from the emailed link also lifts a lock-out (django-axes):
    the lock-out page sends people here."""

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:
        response = super().form_valid(form)
        reset_lock_out(username=form.user.get_username())
        return response
