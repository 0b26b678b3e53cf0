from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class ProgressConfig(AppConfig):
    name = "progress"
    verbose_name = "Progress updates and memberships"

    def ready(self) -> None:
        from inspections.standing import record_saved_or_deleted
        from progress.models import ForumResponse, ProgressUpdate

        # An area's pages show its updates and the forum's responses: store where the area
        # stands again, and stamp it changed (as inspections does for its own models).
        for model in (ProgressUpdate, ForumResponse):
            uid = f"standing-{model._meta.label}"
            post_save.connect(record_saved_or_deleted, sender=model, dispatch_uid=uid)
            post_delete.connect(record_saved_or_deleted, sender=model, dispatch_uid=f"{uid}-gone")
