from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.db.models import QuerySet
from django.http import HttpRequest

from areas.history_admin import KeptHistoryAdmin
from areas.models import Area, AreaQuerySet, MistakeReport

if TYPE_CHECKING:
    # the stubs' name for what each choice gives the template
    from django.contrib.admin.filters import _ListFilterChoices


class CurrentAreaFilter(admin.SimpleListFilter):
    """Shows today's 153 areas unless the admin asks for former ones too."""

    title = "current or former"
    parameter_name = "standing"

    def lookups(
        self, request: HttpRequest, model_admin: admin.ModelAdmin[Any]
    ) -> list[tuple[str, str]]:
        return [("former", "Former areas only"), ("all", "All, current and former")]

    def choices(self, changelist: ChangeList) -> Iterator[_ListFilterChoices]:
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": "Current areas",
        }
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> AreaQuerySet:
        assert isinstance(queryset, AreaQuerySet)  # the admin starts from Area.objects
        if self.value() == "all":
            return queryset
        if self.value() == "former":
            return queryset.former()
        return queryset.current()


@admin.register(Area)
class AreaAdmin(KeptHistoryAdmin):
    # progress adds each area's members (progress/admin.py).
    list_display = ["name", "code", "ons_code", "region", "area_type", "population_0_25"]
    list_filter = [CurrentAreaFilter, "region", "area_type"]
    search_fields = ["name", "code", "ons_code", "slug", "council_name", "health_partner_name"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["predecessors"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "abbreviation", "region", "area_type"]}),
        ("Codes", {"fields": ["code", "ons_code", "former_ons_codes", "ofsted_urn"]}),
        (
            "Partners",
            {"fields": ["council_name", "health_partner_name", "website", "population_0_25"]},
        ),
        ("Reorganisation", {"fields": ["abolished_on", "predecessors", "also_known_as"]}),
    ]


@admin.register(MistakeReport)
class MistakeReportAdmin(admin.ModelAdmin):
    """Reports from the public that a page is wrong: read, check, mark dealt with."""

    list_display = ["area", "received_at", "what_is_wrong", "page", "email", "dealt_with"]
    list_filter = ["dealt_with", ("area", admin.EmptyFieldListFilter), "received_at"]
    list_editable = ["dealt_with"]
    search_fields = ["area__name", "what_is_wrong", "email", "page"]
    readonly_fields = ["area", "what_is_wrong", "email", "page", "received_at"]
    date_hierarchy = "received_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # they come from the public form

    def has_delete_permission(self, request: HttpRequest, obj: MistakeReport | None = None) -> bool:
        return False  # mark them dealt with instead
