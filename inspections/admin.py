"""The admin site is where admins enter inspection letters, so it mirrors a letter's shape."""

import datetime as dt
from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from areas.history_admin import HistoryAdmin, KeptHistoryAdmin
from inspections.models import (
    Decision,
    Finding,
    FindingKind,
    Inspection,
    InspectionKind,
    MonitoringFinding,
    ReportedDate,
    RevisitVerdict,
    SignificantWeakness,
    Source,
    WrittenStatementOfAction,
)


class FindingInline(admin.StackedInline):
    model = Finding
    extra = 0
    can_delete = False
    fields = [("kind", "judgement_area", "number"), "text", ("title", "theme"), "responsible_body"]


class VerdictInline(admin.StackedInline):
    model = RevisitVerdict
    fk_name = "revisit"
    extra = 0
    autocomplete_fields = ["weakness"]
    fields = [("weakness", "verdict", "basis"), "narrative"]


class MonitoringFindingInline(admin.StackedInline):
    """A monitoring inspection's finding on each area for priority action it reviewed: the
    choice is limited to the area's priority actions from reports before the visit."""

    model = MonitoringFinding
    fk_name = "monitoring"
    extra = 0
    fields = [("priority_action", "verdict"), "words", "source"]
    autocomplete_fields = ["source"]
    verbose_name = "finding on an area for priority action"
    verbose_name_plural = "findings on the areas for priority action"

    def get_formset(
        self, request: HttpRequest, obj: Inspection | None = None, **kwargs: Any
    ) -> Any:
        formset = super().get_formset(request, obj, **kwargs)
        field = formset.form.base_fields["priority_action"]
        field.queryset = priority_actions_before(obj)  # type: ignore[attr-defined]
        return formset


def priority_actions_before(monitoring: Inspection | None) -> QuerySet[Finding]:
    """The areas for priority action a monitoring inspection can report on: its area's, from
    full inspections that began before its visit."""
    if monitoring is None or monitoring.pk is None:
        return Finding.objects.none()
    actions = Finding.objects.filter(
        kind=FindingKind.PRIORITY_ACTION,
        inspection__area=monitoring.area_id,
        inspection__kind=InspectionKind.FULL,
    ).select_related("inspection__area")
    if monitoring.visit_start:
        actions = actions.filter(inspection__visit_start__lt=monitoring.visit_start)
    return actions.order_by("-inspection__visit_start", "number")


class ReportedDateInline(admin.TabularInline):
    model = ReportedDate
    extra = 0
    autocomplete_fields = ["source"]
    verbose_name = "date as reported by one source"
    verbose_name_plural = "dates as each source reports them (where sources disagree)"


class WeaknessInline(admin.StackedInline):
    model = SignificantWeakness
    extra = 0
    fields = [("number", "reference"), ("title", "theme"), "text", "source"]
    autocomplete_fields = ["source"]


@admin.register(Inspection)
class InspectionAdmin(KeptHistoryAdmin):
    list_display = [
        "area",
        "kind",
        "framework",
        "visit_start",
        "published_on",
        "wsoa_required",
        "revisit_result",
        "outcome",
        "awaiting_review",
    ]
    list_filter = [
        "awaiting_review",
        "framework",
        "kind",
        "outcome",
        "revisit_result",
        "wsoa_required",
        "area__region",
        "findings__theme",
    ]
    list_select_related = ["area"]
    search_fields = ["area__name", "area__code", "inspectors", "summary"]
    date_hierarchy = "visit_start"
    autocomplete_fields = ["area", "wsoa", "sources"]
    inlines = [FindingInline, VerdictInline, MonitoringFindingInline, ReportedDateInline]
    fieldsets = [
        (None, {"fields": ["area", ("framework", "kind"), "awaiting_review"]}),
        (
            "Dates",
            {
                "fields": [
                    ("visit_start", "visit_end", "visit_precision"),
                    ("letter_date", "published_on", "published_precision"),
                ]
            },
        ),
        ("Letter", {"fields": ["inspectors", "report_url", "summary", "sources", "notes"]}),
        ("2016 framework: initial inspection", {"fields": ["wsoa_required"]}),
        (
            "2016 framework: revisit",
            {
                "fields": [
                    "wsoa",
                    "revisit_result",
                    ("reported_sufficient", "reported_not_sufficient"),
                    "consequence",
                ]
            },
        ),
        (
            "2023 framework",
            {
                "fields": [
                    "outcome",
                    "outcome_text",
                    "outcome_basis",
                    ("priority_action_plan_required", "reported_priority_actions"),
                    ("next_inspection_within", "next_inspection_by"),
                ]
            },
        ),
    ]

    change_list_template = "admin/inspections/inspection/change_list.html"

    def get_inline_instances(self, request: HttpRequest, obj: Inspection | None = None) -> list:
        # A monitoring inspection's findings are entered once it is saved, so that the areas
        # for priority action it can report on are known (its area's, from before its visit).
        return [
            inline
            for inline in super().get_inline_instances(request, obj)
            if not isinstance(inline, MonitoringFindingInline)
            or (obj is not None and obj.kind == InspectionKind.MONITORING)
        ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).distinct()


@admin.register(WrittenStatementOfAction)
class WrittenStatementOfActionAdmin(KeptHistoryAdmin):
    list_display = [
        "__str__",
        "status",
        "submitted_on",
        "fit_for_purpose_on",
        "revisit_due",
        "reported_weakness_count",
    ]
    list_filter = ["status", "inspection__area__region", "weaknesses__theme"]
    list_select_related = ["inspection__area"]
    search_fields = ["inspection__area__name", "responsible_bodies"]
    date_hierarchy = "fit_for_purpose_on"
    autocomplete_fields = ["inspection", "sources"]
    readonly_fields = ["revisit_due"]
    inlines = [WeaknessInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).distinct()

    @admin.display(description="revisit due (about 18 months after fit for purpose)")
    def revisit_due(self, wsoa: WrittenStatementOfAction) -> dt.date | None:
        return wsoa.revisit_due


@admin.register(SignificantWeakness)
class SignificantWeaknessAdmin(HistoryAdmin):
    list_display = ["reference", "title", "theme", "wsoa"]
    list_filter = ["theme", "wsoa__inspection__area__region", "verdicts__verdict"]
    list_select_related = ["wsoa__inspection__area"]
    search_fields = ["reference", "title", "text", "wsoa__inspection__area__name"]
    autocomplete_fields = ["wsoa", "source"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).distinct()


@admin.register(RevisitVerdict)
class RevisitVerdictAdmin(HistoryAdmin):
    list_display = ["weakness", "verdict", "revisit"]
    list_filter = ["verdict", "weakness__theme"]
    list_select_related = ["weakness", "revisit__area"]
    search_fields = ["weakness__reference", "weakness__title", "revisit__area__name"]
    autocomplete_fields = ["revisit", "weakness"]


@admin.register(MonitoringFinding)
class MonitoringFindingAdmin(HistoryAdmin):
    list_display = ["priority_action", "verdict", "monitoring"]
    list_filter = ["verdict", "monitoring__area__region"]
    list_select_related = ["priority_action", "monitoring__area"]
    search_fields = ["monitoring__area__name", "priority_action__text", "words"]
    autocomplete_fields = ["monitoring", "priority_action", "source"]


@admin.register(Finding)
class FindingAdmin(KeptHistoryAdmin):
    list_display = ["__str__", "kind", "theme", "inspection"]
    list_filter = ["kind", "theme", "inspection__framework", "inspection__area__region"]
    list_select_related = ["inspection__area"]
    search_fields = ["text", "title", "inspection__area__name"]
    autocomplete_fields = ["inspection"]

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, str | list[str]]:
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("kind", FindingKind.PRIORITY_ACTION)
        return initial


@admin.register(Decision)
class DecisionAdmin(HistoryAdmin):
    list_display = ["area", "kind", "decided_on", "date_precision", "follows"]
    list_filter = ["kind", "date_precision", "area__region"]
    list_select_related = ["area", "wsoa__inspection__area", "inspection__area"]
    search_fields = ["area__name", "notes"]
    date_hierarchy = "decided_on"
    autocomplete_fields = ["area", "wsoa", "inspection", "sources"]
    fields = [
        "area",
        ("kind", "decided_on", "date_precision"),
        "wsoa",
        "inspection",
        "notes",
        "sources",
    ]

    @admin.display(description="follows")
    def follows(self, decision: Decision) -> str:
        if decision.inspection is not None:
            return str(decision.inspection)
        return str(decision.wsoa) if decision.wsoa is not None else "–"


@admin.register(Source)
class SourceAdmin(KeptHistoryAdmin):
    list_display = ["title", "kind", "published_on", "url"]
    list_filter = ["kind"]
    search_fields = ["title", "url"]
    date_hierarchy = "published_on"


@admin.register(ReportedDate)
class ReportedDateAdmin(admin.ModelAdmin):
    list_display = ["inspection", "event", "date", "source"]
    list_filter = ["event"]
    list_select_related = ["inspection__area", "source"]
    search_fields = ["inspection__area__name", "source__title"]
    autocomplete_fields = ["inspection", "source"]
