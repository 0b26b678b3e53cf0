from django.apps import AppConfig


class FreshnessConfig(AppConfig):
    name = "freshness"
    verbose_name = "Keeping current: checks for new reports"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from freshness import reviewing

        reviewing.connect()
