"""Production serves the GOV.UK assets through whitenoise under hashed, cacheable names."""

from django.core.management import call_command
from django.templatetags.static import static
from django.test import override_settings


def test_collectstatic_builds_hashed_names_for_every_asset(tmp_path, settings):
    settings.STATIC_ROOT = tmp_path
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STORAGES=storages, STATIC_ROOT=tmp_path):
        # Fails with MissingFileError if the CSS points at a file that is not there.
        call_command("collectstatic", interactive=False, verbosity=0)
        url = static("css/application.css")
    assert url.startswith("/static/css/application.") and url.endswith(".css")
    assert url != "/static/css/application.css"
    assert (tmp_path / url.removeprefix("/static/")).exists()
    assert list(tmp_path.glob("govuk/govuk-frontend.min.*.js"))
