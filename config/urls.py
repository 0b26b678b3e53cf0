from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from freshness.views import healthz
from opendata.api import api as open_data_api
from progress.accounts import PasswordResetConfirmView, PasswordResetView
from progress.forms import SignInForm

admin.site.site_header = "SEND Inspection Tracker admin"
admin.site.site_title = "SEND Inspection Tracker admin"
admin.site.index_title = "Inspection letters, areas and decisions"

urlpatterns = [
    path("favicon.ico", RedirectView.as_view(url="/static/images/favicon.svg", permanent=True)),
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=SignInForm),
        name="login",
    ),
    path("accounts/password_reset/", PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/reset/<uidb64>/<token>/",
        PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("progress.urls")),
    path("", include("public.urls")),
    path("", include("alerts.urls")),
    path("data/", include("opendata.urls")),
    path("api/v1/", open_data_api.urls),
]

handler500 = "config.errors.server_error"
