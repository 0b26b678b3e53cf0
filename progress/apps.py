from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save, pre_save


class ProgressConfig(AppConfig):
    name = "progress"
    verbose_name = "Progress updates and memberships"

    def ready(self) -> None:
        from inspections.standing import follow, record_saved_or_deleted, remember_area
        from progress.models import ForumResponse, ProgressUpdate

        def update_areas(update: ProgressUpdate) -> set[int | None]:
            return {update.area_id}

        def response_areas(response: ForumResponse) -> set[int | None]:
            updates = ProgressUpdate.objects.filter(pk=response.update_id)
            return set(updates.values_list("area", flat=True))

        follow("progress.ProgressUpdate", "area_id", update_areas)
        follow("progress.ForumResponse", "update_id", response_areas)

        # An area's pages show its updates and the forum's responses: store where the area
        # stands again, and stamp it changed (as inspections does for its own models).
        for model in (ProgressUpdate, ForumResponse):
            uid = f"standing-{model._meta.label}"
            pre_save.connect(remember_area, sender=model, dispatch_uid=f"{uid}-before")
            post_save.connect(record_saved_or_deleted, sender=model, dispatch_uid=uid)
            post_delete.connect(record_saved_or_deleted, sender=model, dispatch_uid=f"{uid}-gone")
