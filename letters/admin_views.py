"""The admin's letter import: upload one letter or several, review each, save.

Mixed into InspectionAdmin. One file goes straight to its review; several (or any, when the
admin asks for letters with no warnings to be saved without review) are listed with their
status and warnings, each with a link to its review. A review shows only the fields of the
letter's framework, each warning beside the field it concerns, and the PDF beside the fields;
anything the models refuse is shown on the form and nothing is saved. Uploads wait in
`letters.uploads` (outside MEDIA_ROOT) until they are saved, found already imported or
discarded.
"""

from __future__ import annotations

import dataclasses
import hashlib
from typing import TYPE_CHECKING, Any

from csp.constants import SELF
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, re_path, reverse
from django.utils.html import format_html
from django_htmx.http import HttpResponseClientRedirect

from inspections.models import Inspection
from letters import uploads
from letters.forms import (
    LetterReviewForm,
    LetterUploadForm,
    Pending,
    ReviewFormSet,
    corrected_letter,
    error_summary,
    framework_of,
    make_token,
    place_warnings,
    review_formsets,
    review_initial,
    show_problems,
)
from letters.importing import (
    ImportInvalid,
    ImportPlan,
    ImportRefused,
    plan_import,
    read_document,
    save_import,
)
from letters.reader import LetterError

DATE_FIELDS = ("visit_start", "visit_end", "letter_date")  # each typed in three boxes
BATCH = "inspections.letter-import-batch"  # the session key of the last batch uploaded
FINGERPRINT = r"(?P<fingerprint>[0-9a-f]{64})"

STATUS_LABELS = {
    "ready": "Ready: no warnings",
    "warnings": "To review: the reader was unsure",
    "errors": "To review: cannot be saved as read",
    "saved": "Saved",
    "duplicate": "Already imported",
    "unreadable": "Refused: not read as a letter",
    "discarded": "Discarded",
    "waiting": "Waiting to be read",
}
REVIEWABLE = {"ready", "warnings", "errors"}


def record_url(inspection: Inspection) -> str:
    return reverse("admin:inspections_inspection_change", args=[inspection.pk])


def already_imported(plan: ImportPlan) -> str:
    """ "Already imported", with a link to the record that holds the letter."""
    if plan.duplicate_inspection is None:
        return format_html(
            "This letter has already been imported as “{}”. Nothing was changed.",
            plan.duplicate_of,
        )
    return format_html(
        'This letter has already been imported as “{}”: see <a href="{}">{}</a>. '
        "Nothing was changed.",
        plan.duplicate_of,
        record_url(plan.duplicate_inspection),
        plan.duplicate_inspection,
    )


def imported(inspection: Inspection) -> str:
    """The success message: links to the public timeline and to the admin record."""
    return format_html(
        'Imported {}. It now shows on <a href="{}">{}\'s timeline</a>; '
        '<a href="{}">the admin record</a> has everything saved.',
        inspection,
        inspection.get_absolute_url(),
        inspection.area.name,
        record_url(inspection),
    )


if TYPE_CHECKING:
    # What the mixin is mixed into (letters/admin.py): its views use the admin's site, model,
    # permissions and messages, and its URLs come before the admin's own.
    from inspections.admin import InspectionAdmin as _InspectionAdmin
else:
    _InspectionAdmin = object


class LetterImportAdmin(_InspectionAdmin):
    """Views for importing letters, for a ModelAdmin of Inspection."""

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path("import/", wrap(self.import_letter_view), name="inspections_inspection_import"),
            path(
                "import/batch/",
                wrap(self.import_batch_view),
                name="inspections_inspection_import_batch",
            ),
            re_path(
                rf"^import/{FINGERPRINT}/review/$",
                wrap(self.review_pending_view),
                name="inspections_inspection_import_review",
            ),
            re_path(
                rf"^import/{FINGERPRINT}/document/$",
                wrap(self.pending_document_view),
                name="inspections_inspection_import_document",
            ),
            *super().get_urls(),
        ]

    def _check_permission(self, request: HttpRequest) -> None:
        if not self.has_add_permission(request):
            raise PermissionDenied

    # Upload -------------------------------------------------------------------------------

    def import_letter_view(self, request: HttpRequest) -> HttpResponse:
        """Upload or paste a letter (or upload several); review every parsed field; save."""
        self._check_permission(request)
        if request.method == "POST" and "token" in request.POST:
            if "discard" in request.POST:
                return self._discard(request)
            return self._confirm_import(request)
        form = LetterUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            documents = form.cleaned_data["document"]
            if documents:
                files = [(document.name, document.read()) for document in documents]
            else:
                files = [("pasted-letter.txt", form.cleaned_data["text"].encode())]
            if len(files) > 1 or form.cleaned_data["save_ready"]:
                return self._import_batch(
                    request, files, save_ready=form.cleaned_data["save_ready"]
                )
            filename, data = files[0]
            try:
                text, letter, plan = read_document(data, filename=filename)
            except LetterError as error:
                form.add_error(None, str(error))
            else:
                if plan.duplicate_of is not None:
                    form.add_error(None, already_imported(plan))
                else:
                    pending = uploads.keep(plan.fingerprint, data)
                    upload = Pending(letter, text, pending, filename)
                    return self._render_review(request, plan, upload)
        return TemplateResponse(
            request,
            "admin/letters/import_letter.html",
            {**self._import_context(request, "Import a letter"), "form": form},
        )

    def _import_context(self, request: HttpRequest, title: str) -> dict[str, Any]:
        return {**self.admin_site.each_context(request), "title": title, "opts": self.model._meta}

    # Review -------------------------------------------------------------------------------

    def _render_review(
        self,
        request: HttpRequest,
        plan: ImportPlan,
        upload: Pending,
        *,
        form: LetterReviewForm | None = None,
        formsets: list[ReviewFormSet] | None = None,
    ) -> TemplateResponse:
        """The review page: the framework's fields, warnings beside them, the letter beside."""
        framework = framework_of(upload.letter)
        if form is None:
            token = make_token(upload)
            # The plan's letter: dated from the file's name or the outcomes table, if so.
            form = LetterReviewForm(initial=review_initial(plan.letter, token, plan.area))
        if formsets is None:
            formsets = review_formsets(upload.letter, framework)
        shown = form.shown_fields(framework)
        warnings = place_warnings(plan.warnings, shown, formsets)
        # Where the publication date came from, while the boxes still hold that date.
        date_kept = not form.is_bound or (
            "letter_date" not in form.errors  # validates the form, if not yet
            and form.cleaned_data.get("letter_date") == plan.letter.letter_date
        )
        note = plan.publication_date_note if date_kept else ""
        notes = {"letter_date": note} if note else {}
        rows = []
        for name in shown:
            bound = form[name]
            # What the field's input is described by: its note, warnings and error message.
            described = [
                *([f"note-{name}"] if name in notes else []),
                *([f"warning-{name}"] if name in warnings.fields else []),
                *([f"{bound.auto_id}-error"] if bound.errors else []),
            ]
            if described:
                form.fields[name].widget.attrs["aria-describedby"] = " ".join(described)
            rows.append(
                {
                    "field": bound,
                    "is_date": name in DATE_FIELDS,
                    "note": notes.get(name, ""),
                    "warnings": warnings.fields.get(name, []),
                    "described_by": " ".join(described),
                }
            )
        matches = {match.number: match.existing for match in plan.weaknesses if match.existing}
        for formset in formsets:
            formset.count = formset.initial_form_count()
            formset.warnings = warnings.sections.get(formset.prefix, [])
            formset.pages = upload.letter.finding_pages.get(formset.section.key, [])
            for index, item in enumerate(formset.forms):
                item.number = index + 1
                item.is_extra = index >= formset.count
                item.warnings = warnings.items.get((formset.prefix, item.number), [])
                item.existing = matches.get(item.number) if formset.prefix == "weaknesses" else None
                for name in item.fields:
                    described = [
                        *([f"{item.prefix}-warning"] if item.warnings and name == "text" else []),
                        *([f"{item[name].auto_id}-error"] if item[name].errors else []),
                    ]
                    if described:
                        item.fields[name].widget.attrs["aria-describedby"] = " ".join(described)
        fingerprint = upload.pending.split(".")[0]
        errors = error_summary(form, shown, formsets, plan.errors)
        return TemplateResponse(
            request,
            "admin/letters/import_review.html",
            {
                **self._import_context(request, "Check the letter before saving"),
                "plan": plan,
                "form": form,
                "rows": rows,
                "formsets": formsets,
                "framework": framework,
                "warnings": warnings,
                "errors": errors,
                "filename": upload.filename,
                "text": upload.text,
                "batch": upload.batch,
                "document_url": (
                    reverse("admin:inspections_inspection_import_document", args=[fingerprint])
                    if upload.pending.endswith(".pdf")
                    else ""
                ),
            },
        )

    def review_pending_view(self, request: HttpRequest, fingerprint: str) -> HttpResponse:
        """The review of one letter of a batch, read again from its pending upload."""
        self._check_permission(request)
        item = self._batch_item(request, fingerprint)
        name = uploads.find(fingerprint)
        if name is None:
            self.message_user(
                request, "That upload has gone: upload the letter again.", messages.ERROR
            )
            return HttpResponseRedirect(reverse("admin:inspections_inspection_import"))
        filename = item["filename"] if item else f"letter{name[-4:]}"
        try:
            text, letter, plan = read_document(uploads.read(name), filename=filename)
        except LetterError as error:
            uploads.discard(name)
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:inspections_inspection_import"))
        if plan.duplicate_of is not None:
            uploads.discard(name)
            self._update_item(request, fingerprint, status="duplicate", plan=plan)
            self.message_user(request, already_imported(plan), messages.WARNING)
            return HttpResponseRedirect(self._after_review_url(item is not None))
        return self._render_review(
            request, plan, Pending(letter, text, name, filename, batch=item is not None)
        )

    def pending_document_view(self, request: HttpRequest, fingerprint: str) -> FileResponse:
        """The uploaded PDF, for the review page's frame: staff with add permission only."""
        self._check_permission(request)
        name = uploads.find(fingerprint)
        if name is None or not name.endswith(".pdf"):
            raise Http404("No such upload.")
        response = FileResponse(
            open(uploads.path(name), "rb"),  # noqa: SIM115 (FileResponse closes it)
            content_type="application/pdf",
            filename="letter.pdf",
        )
        response["Cache-Control"] = "private, no-store"
        # This response alone may be framed, and by this site alone. (Chromium's viewer shows
        # it under the site's object-src 'none': nothing else needs loosening.)
        # django-csp's middleware reads this attribute, which the stubs do not know of.
        response._csp_replace = {"frame-ancestors": [SELF]}  # type: ignore[attr-defined]
        response["X-Frame-Options"] = "SAMEORIGIN"
        return response

    # Confirm ------------------------------------------------------------------------------

    def _confirm_import(self, request: HttpRequest) -> HttpResponse:
        form = LetterReviewForm(request.POST)
        if not form.is_valid() and "token" in form.errors:
            self.message_user(request, str(form.errors["token"][0]), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:inspections_inspection_import"))
        upload: Pending = form.cleaned_data["token"]
        framework = framework_of(upload.letter)
        if form.is_valid() and form.cleaned_data["framework"] != framework:
            return self._switch_framework(request, form, upload)
        formsets = review_formsets(upload.letter, framework, request.POST)

        def review_again(plan: ImportPlan) -> TemplateResponse:
            return self._render_review(request, plan, upload, form=form, formsets=formsets)

        area = form.cleaned_data.get("area")
        # Every form and formset validated, not only up to the first that fails: the review
        # shows every error after one submit.
        valid = [form.is_valid(), *(formset.is_valid() for formset in formsets)]
        if not all(valid):
            return review_again(
                plan_import(
                    upload.letter,
                    upload.text,
                    area_slug=area.slug if area else None,
                    filename=upload.filename,
                )
            )
        letter, themes = corrected_letter(upload.letter, form, formsets)
        plan = plan_import(
            letter, upload.text, area_slug=form.cleaned_data["area"].slug, themes=themes
        )
        if plan.duplicate_of is not None:
            uploads.discard(upload.pending)
            self._update_item(request, upload.pending.split(".")[0], status="duplicate", plan=plan)
            self.message_user(request, already_imported(plan), messages.WARNING)
            return HttpResponseRedirect(
                self._after_review_url(
                    upload.batch, reverse("admin:inspections_inspection_changelist")
                )
            )
        try:
            document = uploads.read(upload.pending)
        except FileNotFoundError:
            plan.errors.append("The uploaded file has gone: upload the letter again.")
            return review_again(plan)
        try:
            inspection = save_import(plan, filename=upload.filename, document=document)
        except ImportInvalid as error:
            show_problems(error.problems, form, formsets)
            return review_again(plan)
        except ImportRefused:
            return review_again(plan)  # its errors are on the plan
        uploads.discard(upload.pending)
        self._update_item(
            request, upload.pending.split(".")[0], status="saved", inspection=inspection
        )
        self.message_user(request, imported(inspection), messages.SUCCESS)
        return HttpResponseRedirect(self._after_review_url(upload.batch, record_url(inspection)))

    def _switch_framework(
        self, request: HttpRequest, form: LetterReviewForm, upload: Pending
    ) -> TemplateResponse:
        """The admin says the reader took the framework wrong: show that framework's fields."""
        framework = form.cleaned_data["framework"]
        switched_upload = dataclasses.replace(
            upload, letter=dataclasses.replace(upload.letter, framework=framework)
        )
        data = request.POST.copy()
        data["token"] = make_token(switched_upload)
        switched = LetterReviewForm(data)
        switched.is_valid()
        switched.add_error(
            "framework",
            f"The fields below are now those of the {framework} framework: check them, then save.",
        )
        plan = plan_import(
            switched_upload.letter, upload.text, area_slug=form.cleaned_data["area"].slug
        )
        return self._render_review(request, plan, switched_upload, form=switched)

    def _discard(self, request: HttpRequest) -> HttpResponse:
        form = LetterReviewForm(request.POST)
        form.is_valid()
        upload = form.cleaned_data.get("token")
        if upload:
            uploads.discard(upload.pending)
            self._update_item(request, upload.pending.split(".")[0], status="discarded")
            self.message_user(
                request, f"Discarded {upload.filename}: nothing was saved.", messages.INFO
            )
            return HttpResponseRedirect(self._after_review_url(upload.batch))
        return HttpResponseRedirect(reverse("admin:inspections_inspection_import"))

    # Batches ------------------------------------------------------------------------------

    def _import_batch(
        self, request: HttpRequest, files: list[tuple[str, bytes]], *, save_ready: bool
    ) -> HttpResponse:
        """Keeps each file, unread, and lists it as waiting: the batch page reads them one a
        request, so a large batch never holds a server worker past its timeout."""
        items: list[dict[str, Any]] = []
        for place, (filename, data) in enumerate(files):
            # Named by its place as well as its bytes: the same file twice is kept twice.
            key = hashlib.sha256(f"{place}:".encode() + data).hexdigest()
            items.append(
                {
                    "filename": filename,
                    "warnings": [],
                    "errors": [],
                    "fingerprint": "",
                    "status": "waiting",
                    "kept": uploads.keep(key, data),
                    "save_ready": save_ready,
                }
            )
        request.session[BATCH] = items
        url = reverse("admin:inspections_inspection_import_batch")
        if getattr(request, "htmx", False):
            # The upload form posts through htmx, which would follow a redirect itself and
            # swap only #import-area into this page: the batch page's refresh (in its head)
            # would never run. Have htmx load the batch page whole instead.
            return HttpResponseClientRedirect(url)
        return HttpResponseRedirect(url)

    def _read_next(self, request: HttpRequest, items: list[dict[str, Any]]) -> None:
        """Reads the first file of the batch still waiting, as the upload once read them all:
        refused if unreadable, a duplicate if an earlier file of the batch or a saved letter
        holds it, else kept for review (or saved, if the upload asked and it has no warnings).
        """
        index = next((i for i, item in enumerate(items) if item["status"] == "waiting"), None)
        if index is None:
            return
        item = items[index]
        kept = item.pop("kept")
        save_ready = item.pop("save_ready", False)
        try:
            data = uploads.read(kept)
        except FileNotFoundError:
            item.update(status="unreadable", errors=["The upload has gone: upload it again."])
            return
        finally:
            uploads.discard(kept)
        try:
            text, letter, plan = read_document(data, filename=item["filename"])
        except LetterError as error:
            item.update(status="unreadable", errors=[str(error)])
            return
        item.update(
            fingerprint=plan.fingerprint,
            warnings=plan.warnings,
            publication_date_note=plan.publication_date_note,
        )
        first = next(
            (other for other in items[:index] if other["fingerprint"] == plan.fingerprint), None
        )
        if first is not None:
            item.update(status="duplicate", message=f"The same letter as {first['filename']}.")
            return
        if plan.duplicate_of is not None:
            _describe(item, "duplicate", plan=plan)
            return
        pending = uploads.keep(plan.fingerprint, data)
        item["status"] = "errors" if plan.errors else "warnings" if plan.warnings else "ready"
        item["errors"] = list(plan.errors)
        if item["status"] == "ready" and save_ready:
            self._save_directly(item, plan, item["filename"], data, pending)
            item["saved_directly"] = item["status"] == "saved"

    def _save_directly(
        self, item: dict[str, Any], plan: ImportPlan, filename: str, data: bytes, pending: str
    ) -> None:
        """Saves a letter the reader had no warnings about; an error leaves it for review."""
        try:
            inspection = save_import(plan, filename=filename, document=data)
        except ImportRefused as error:
            item.update(status="errors", errors=[str(error)])
            return
        uploads.discard(pending)
        _describe(item, "saved", inspection=inspection)

    def import_batch_view(self, request: HttpRequest) -> HttpResponse:
        """The last batch uploaded: each file's status, warnings and review link."""
        self._check_permission(request)
        items = request.session.get(BATCH, [])
        waiting = sum(item["status"] == "waiting" for item in items)
        if request.method == "GET" and waiting:
            self._read_next(request, items)
            request.session[BATCH] = items
            waiting -= 1
            saved = sum(bool(item.get("saved_directly")) for item in items)
            if saved and not waiting:
                self.message_user(
                    request, f"Saved {saved} letter{'s' if saved != 1 else ''} without review."
                )
        if request.method == "POST" and request.POST.get("action") == "save_ready" and not waiting:
            saved = 0
            for item in items:
                name = item["status"] == "ready" and uploads.find(item["fingerprint"])
                if not name:
                    continue
                try:
                    data = uploads.read(name)
                    text, letter, plan = read_document(data, filename=item["filename"])
                except (LetterError, FileNotFoundError) as error:
                    item.update(status="errors", errors=[str(error)])
                    continue
                if plan.duplicate_of is not None:
                    uploads.discard(name)
                    _describe(item, "duplicate", plan=plan)
                elif plan.warnings or plan.errors:
                    item.update(status="warnings", warnings=plan.warnings, errors=plan.errors)
                else:
                    self._save_directly(item, plan, item["filename"], data, name)
                    saved += item["status"] == "saved"
            request.session[BATCH] = items
            self.message_user(
                request, f"Saved {saved} letter{'s' if saved != 1 else ''} without review."
            )
            return HttpResponseRedirect(reverse("admin:inspections_inspection_import_batch"))
        rows = [
            {
                **item,
                "label": STATUS_LABELS[item["status"]],
                "review_url": (
                    reverse(
                        "admin:inspections_inspection_import_review", args=[item["fingerprint"]]
                    )
                    if item["status"] in REVIEWABLE
                    else ""
                ),
            }
            for item in items
        ]
        return TemplateResponse(
            request,
            "admin/letters/import_batch.html",
            {
                **self._import_context(request, "Import letters"),
                "rows": rows,
                "ready": sum(item["status"] == "ready" for item in items),
                "waiting": waiting,
            },
        )

    def _batch_item(self, request: HttpRequest, fingerprint: str) -> dict[str, Any] | None:
        items = request.session.get(BATCH, [])
        return next((item for item in items if item.get("fingerprint") == fingerprint), None)

    def _update_item(
        self,
        request: HttpRequest,
        fingerprint: str,
        status: str,
        *,
        plan: ImportPlan | None = None,
        inspection: Inspection | None = None,
    ) -> None:
        items = request.session.get(BATCH, [])
        for item in items:
            if item.get("fingerprint") == fingerprint and item["status"] in REVIEWABLE:
                _describe(item, status, plan=plan, inspection=inspection)
                request.session[BATCH] = items

    def _after_review_url(self, batch: bool, otherwise: str = "") -> str:
        if batch:
            return reverse("admin:inspections_inspection_import_batch")
        return otherwise or reverse("admin:inspections_inspection_import")


def _describe(
    item: dict[str, Any],
    status: str,
    *,
    plan: ImportPlan | None = None,
    inspection: Inspection | None = None,
) -> None:
    """Sets a batch item's status, with the record it now points to."""
    item["status"] = status
    item["errors"] = [] if status in ("saved", "duplicate", "discarded") else item["errors"]
    if plan is not None and plan.duplicate_of is not None:
        inspection = plan.duplicate_inspection
        item["message"] = f"Already imported as “{plan.duplicate_of}”."
    if inspection is not None:
        item["record"] = str(inspection)
        item["record_url"] = record_url(inspection)
        item["timeline_url"] = inspection.get_absolute_url()
        item["area"] = inspection.area.name
