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
    fields = [("weakness", "verdict"), "narrative"]


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
    ]
    list_filter = [
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
    inlines = [FindingInline, VerdictInline, ReportedDateInline]
    fieldsets = [
        (None, {"fields": ["area", ("framework", "kind")]}),
        (
            "Dates",
            {"fields": [("visit_start", "visit_end"), ("letter_date", "published_on")]},
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
