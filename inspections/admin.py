"""The admin site is where admins enter inspection letters, so it mirrors a letter's shape."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from config.history_admin import HistoryAdmin, KeptHistoryAdmin
from inspections.import_forms import (
    ImprovementFormSet,
    LetterReviewForm,
    LetterUploadForm,
    PriorityActionFormSet,
    WeaknessFormSet,
    corrected_letter,
    keep_pending,
    make_token,
    review_initial,
)
from inspections.letter_import import (
    ImportPlan,
    ImportRefused,
    letter_dict,
    plan_import,
    save_import,
)
from inspections.letter_parser import LetterError, read_letter
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
from inspections.theme_rules import suggest_theme


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
                    ("priority_action_plan_required", "reported_priority_actions"),
                    ("next_inspection_within", "next_inspection_by"),
                ]
            },
        ),
    ]

    change_list_template = "admin/inspections/inspection/change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).distinct()

    def get_urls(self):
        import_view = self.admin_site.admin_view(self.import_letter_view)
        return [
            path("import/", import_view, name="inspections_inspection_import"),
            *super().get_urls(),
        ]

    def import_letter_view(self, request: HttpRequest) -> HttpResponse:
        """Upload or paste a letter; review every parsed field; confirm to save it all."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method == "POST" and "token" in request.POST:
            return self._confirm_import(request)
        form = LetterUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            document = form.cleaned_data["document"]
            data = document.read() if document else form.cleaned_data["text"].encode()
            filename = document.name if document else "pasted-letter.txt"
            try:
                text, result = read_letter(data)
                letter = letter_dict(result)
            except LetterError as error:
                form.add_error(None, str(error))
            else:
                plan = plan_import(letter, text)
                if plan.duplicate_of is not None:
                    form.add_error(
                        None,
                        f"This letter has already been imported as “{plan.duplicate_of}”. "
                        "Nothing was changed.",
                    )
                else:
                    token = make_token(
                        letter, text, keep_pending(plan.fingerprint, filename, data), filename
                    )
                    review = LetterReviewForm(initial=review_initial(letter, token, plan.area))
                    return self._render_review(request, plan, review, *self._formsets(letter))
        return TemplateResponse(
            request,
            "admin/inspections/import_letter.html",
            {**self._import_context(request, "Import a letter"), "form": form},
        )

    def _import_context(self, request: HttpRequest, title: str) -> dict:
        return {**self.admin_site.each_context(request), "title": title, "opts": self.model._meta}

    def _formsets(self, letter: dict | None, data=None):
        def initial(items):
            return None if data is not None else items

        letter = letter or {}
        # Each finding starts with the theme the rules suggest; the admin may change it.
        actions = [
            {**action, "theme": action.get("theme") or suggest_theme(action["text"])}
            for action in letter.get("priority_actions") or []
        ]
        improvements = [
            {"text": text, "theme": suggest_theme(text)}
            for text in letter.get("areas_for_improvement") or []
        ]
        weaknesses = [
            {**weakness, "theme": weakness.get("theme") or suggest_theme(weakness["text"])}
            for weakness in letter.get("weaknesses") or []
        ]
        return (
            WeaknessFormSet(data, prefix="weaknesses", initial=initial(weaknesses)),
            PriorityActionFormSet(data, prefix="priority", initial=initial(actions)),
            ImprovementFormSet(data, prefix="improvements", initial=initial(improvements)),
        )

    def _render_review(self, request, plan: ImportPlan, form, weaknesses, actions, improvements):
        return TemplateResponse(
            request,
            "admin/inspections/import_review.html",
            {
                **self._import_context(request, "Check the letter before saving"),
                "plan": plan,
                "form": form,
                "weaknesses": weaknesses,
                "actions": actions,
                "improvements": improvements,
            },
        )

    def _confirm_import(self, request: HttpRequest) -> HttpResponse:
        form = LetterReviewForm(request.POST)
        formsets = self._formsets(None, request.POST)
        if not (form.is_valid() and all(f.is_valid() for f in formsets)):
            token = form.cleaned_data.get("token") if hasattr(form, "cleaned_data") else None
            plan = ImportPlan(
                letter=(token or {}).get("letter", {}), text=(token or {}).get("text", "")
            )
            return self._render_review(request, plan, form, *formsets)
        payload = form.cleaned_data["token"]
        letter = corrected_letter(payload["letter"], form, *formsets)
        plan = plan_import(letter, payload["text"], area_slug=form.cleaned_data["area"].slug)
        if plan.duplicate_of is not None:
            self.message_user(
                request,
                f"This letter has already been imported as “{plan.duplicate_of}”. Nothing was changed.",
                messages.WARNING,
            )
            return HttpResponseRedirect(reverse("admin:inspections_inspection_changelist"))
        try:
            with default_storage.open(payload["pending"]) as pending:
                document = pending.read()
            inspection = save_import(plan, filename=payload["filename"], document=document)
        except (ImportRefused, FileNotFoundError) as error:
            if isinstance(error, FileNotFoundError):
                plan.errors.append("The uploaded file has gone: upload the letter again.")
            return self._render_review(request, plan, form, *formsets)
        default_storage.delete(payload["pending"])
        self.message_user(
            request,
            f"Imported {inspection}. It now shows on {inspection.area.name}'s timeline.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(
            reverse("admin:inspections_inspection_change", args=[inspection.pk])
        )


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

    def get_queryset(self, request):
        return super().get_queryset(request).distinct()

    @admin.display(description="revisit due (about 18 months after fit for purpose)")
    def revisit_due(self, wsoa: WrittenStatementOfAction):
        return wsoa.revisit_due


@admin.register(SignificantWeakness)
class SignificantWeaknessAdmin(HistoryAdmin):
    list_display = ["reference", "title", "theme", "wsoa"]
    list_filter = ["theme", "wsoa__inspection__area__region", "verdicts__verdict"]
    list_select_related = ["wsoa__inspection__area"]
    search_fields = ["reference", "title", "text", "wsoa__inspection__area__name"]
    autocomplete_fields = ["wsoa", "source"]

    def get_queryset(self, request):
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

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("kind", FindingKind.PRIORITY_ACTION)
        return initial


@admin.register(Decision)
class DecisionAdmin(HistoryAdmin):
    list_display = ["area", "kind", "decided_on", "date_precision"]
    list_filter = ["kind", "date_precision", "area__region"]
    list_select_related = ["area"]
    search_fields = ["area__name", "notes"]
    date_hierarchy = "decided_on"
    autocomplete_fields = ["area", "wsoa", "sources"]


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
