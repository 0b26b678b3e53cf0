from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class InspectionsConfig(AppConfig):
    name = "inspections"
    verbose_name = "Inspections and decisions"

    def ready(self) -> None:
        from inspections.history import forget_data_runs_to
        from inspections.models import Decision, Inspection

        for model in (Inspection, Decision):
            post_save.connect(forget_data_runs_to, sender=model, dispatch_uid=f"runs-to-{model}")
            post_delete.connect(forget_data_runs_to, sender=model, dispatch_uid=f"gone-{model}")
