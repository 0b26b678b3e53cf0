from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save


class InspectionsConfig(AppConfig):
    name = "inspections"
    verbose_name = "Inspections and decisions"

    def ready(self) -> None:
        from areas.models import Area
        from inspections import models as m
        from inspections.runs_to import forget_data_runs_to
        from inspections.standing import record_saved_or_deleted, remember_area, sources_linked

        for dated in (m.Inspection, m.Decision):
            post_save.connect(forget_data_runs_to, sender=dated, dispatch_uid=f"runs-to-{dated}")
            post_delete.connect(forget_data_runs_to, sender=dated, dispatch_uid=f"gone-{dated}")

        # Anything an area's pages show: store where it stands again, and stamp it changed
        # (both areas, when a record moves from one to another). progress connects its own
        # updates and responses the same way.
        for model in (
            Area,
            m.Inspection,
            m.WrittenStatementOfAction,
            m.SignificantWeakness,
            m.RevisitVerdict,
            m.Finding,
            m.MonitoringFinding,
            m.Decision,
            m.Source,
            m.ReportedDate,
        ):
            uid = f"standing-{model._meta.label}"
            pre_save.connect(remember_area, sender=model, dispatch_uid=f"{uid}-before")
            post_save.connect(record_saved_or_deleted, sender=model, dispatch_uid=uid)
            post_delete.connect(record_saved_or_deleted, sender=model, dispatch_uid=f"{uid}-gone")
        for field in (
            m.Inspection.sources,
            m.WrittenStatementOfAction.sources,
            m.Decision.sources,
        ):
            m2m_changed.connect(
                sources_linked, sender=field.through, dispatch_uid=f"standing-{field.through}"
            )
