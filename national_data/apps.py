from django.apps import AppConfig


class NationalDataConfig(AppConfig):
    """The real national data shipped with the tracker, and the command that loads it."""

    name = "national_data"
    verbose_name = "National data"
