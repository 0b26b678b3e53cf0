"""The Django side of letter import: match a parsed letter to the database and save it.

`letters.reader` reads the text and knows nothing of the database. Here its typed result
(which an admin may have corrected) is matched to an area and, for a revisit, to that area's
WSOA and its weaknesses; `plan_import` says what would be saved and what is wrong;
`save_import` saves all of it in one transaction, or nothing, through the one save path
(`letters.recording.record_letter`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import json
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import slugify

from areas.models import Area
from inspections.models import (
    DatePrecision,
    Inspection,
    InspectionKind,
    SignificantWeakness,
    Source,
    SourceKind,
    WrittenStatementOfAction,
)
from inspections.saving import text_fingerprint
from letters.reader import NO_PUBLICATION_DATE, LetterResult, date_from_file_name, read_letter
from letters.recording import (
    NO_THEMES,
    ImportInvalid,
    ImportRefused,
    Matched,
    Problem,
    Themes,
    WeaknessMatch,
    problems_with,
    record_letter,
    refuse,
    verdict_of,
)

__all__ = [
    "ImportInvalid",
    "ImportPlan",
    "ImportRefused",
    "Problem",
    "plan_import",
    "read_document",
    "save_import",
]

SAME_WEAKNESS = 0.8  # how alike a revisit's quotation and the WSOA's wording must be


@dataclass
class ImportPlan:
    letter: LetterResult
    text: str
    themes: Themes = NO_THEMES
    area: Area | None = None
    wsoa: WrittenStatementOfAction | None = None
    existing_inspection: Inspection | None = None
    duplicate_of: Source | None = None
    duplicate_inspection: Inspection | None = None  # the record that holds it
    weaknesses: list[WeaknessMatch] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Where the publication date comes from, when the letter itself does not give it:
    # "the file's name", "Ofsted's outcomes table" or both (empty when the letter gives it).
    publication_date_from: str = ""

    @property
    def fingerprint(self) -> str:
        return text_fingerprint(self.text)

    @property
    def publication_date_note(self) -> str:
        """ "Publication date 4 February 2025, from the file's name.", or "" when the letter
        gave its own date (or none was found)."""
        published = self.letter.letter_date
        if not (published and self.publication_date_from):
            return ""
        return f"Publication date {published:%-d %B %Y}, from {self.publication_date_from}."

    @property
    def remarks(self) -> list[str]:
        """What the command-line importers print under a file: the date note, then warnings."""
        note = [f"note: {self.publication_date_note}"] if self.publication_date_note else []
        return note + [f"warning: {warning}" for warning in self.warnings]


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower().replace("&", " and ")))


def letter_json(result: LetterResult) -> dict:
    """Every field of the reader's result as JSON (dates as ISO text), for a signed token;
    `LetterResult.from_json_dict` reads it back."""
    return json.loads(json.dumps(dataclasses.asdict(result), default=dt.date.isoformat))


def read_document(
    data: bytes, *, area_slug: str | None = None, filename: str = ""
) -> tuple[str, LetterResult, ImportPlan]:
    """Reads a letter (PDF or text) and matches it: its text, the reader's result and the plan
    (which may date the letter from the file's name: see `plan_import`).

    Raises LetterError when the document cannot be read as a letter.
    """
    text, result = read_letter(data)
    return text, result, plan_import(result, text, area_slug=area_slug, filename=filename)


def own_letter(inspection: Inspection) -> Source | None:
    """The inspection's own letter or report, as against a letter that only cites it (a
    revisit letter is a source of the initial inspection whose weaknesses it quotes)."""
    heading = LETTER_TITLES.get(inspection.kind, "").split("{area}")[0]
    if not heading:
        return None
    return inspection.sources.filter(kind=SourceKind.LETTER, title__startswith=heading).first()


def _holder(letter: Source, kind: str | None) -> Inspection | None:
    inspections = list(letter.inspections.select_related("area").order_by("visit_start"))
    return next(
        (i for i in inspections if i.kind == kind), inspections[-1] if inspections else None
    )


def _theme(themes: tuple[str | None, ...], number: int) -> str | None:
    return themes[number - 1] if number <= len(themes) else None


def plan_import(
    letter: LetterResult,
    text: str,
    *,
    area_slug: str | None = None,
    themes: Themes = NO_THEMES,
    filename: str = "",
) -> ImportPlan:
    """Matches a reader's result (with any themes chosen) to the database, saving nothing.

    A letter that gives no date of its own (most 2023-framework reports) is dated from its
    file's name, when that follows `<area>_<day>-<month>-<year>.pdf` for the same area, or from
    the inspection already held for the same visit (from Ofsted's outcomes table).
    """
    plan = ImportPlan(letter=letter, text=text, themes=themes, warnings=list(letter.warnings))
    plan.duplicate_of = Source.objects.filter(content_hash=plan.fingerprint).first()
    if area_slug:
        plan.area = Area.objects.filter(slug=area_slug).first()
    else:
        plan.area = Area.objects.named(letter.area)
    if plan.duplicate_of is not None:
        plan.duplicate_inspection = _holder(plan.duplicate_of, letter.kind)
    if plan.area is None:
        plan.errors.append(
            f"No local area matches “{letter.area or 'an unnamed area'}”. Choose the area by hand."
        )
        return plan
    # The same letter again in another form (pasted text after a PDF, say): same heading.
    plan.duplicate_of = (
        plan.duplicate_of
        or Source.objects.filter(
            kind=SourceKind.LETTER, title=letter_title(letter, plan.area), url=""
        ).first()
    )
    kind, start = letter.kind, letter.visit_start
    if kind not in InspectionKind.values:
        plan.errors.append("The letter's kind of inspection could not be read.")
        return plan
    plan.existing_inspection = (
        plan.area.inspections.filter(kind=kind, visit_start=start).first() if start else None
    )
    if letter.letter_date is None:
        _date_publication(plan, plan.area, filename)
    if plan.letter.letter_date is not None:
        # Given by the admin, the file's name or the table: no longer left empty.
        plan.warnings = [w for w in plan.warnings if w != NO_PUBLICATION_DATE]
    # One extra line pasted is a new fingerprint: the inspection it is about already holding
    # its own letter says it is the same letter.
    if plan.duplicate_of is None and plan.existing_inspection is not None:
        plan.duplicate_of = own_letter(plan.existing_inspection)
    if plan.duplicate_of is not None:
        plan.duplicate_inspection = _holder(plan.duplicate_of, kind)
    if kind == InspectionKind.REVISIT:
        _match_revisit(plan, plan.area, start)
    elif kind == InspectionKind.INITIAL:
        plan.weaknesses = [
            WeaknessMatch(n, w.text, theme=_theme(themes.weaknesses, n))
            for n, w in enumerate(letter.weaknesses, start=1)
        ]
        if letter.wsoa_required and not plan.weaknesses:
            plan.errors.append("The letter requires a WSOA but no significant weakness was read.")
    return plan


FILE_NAME = "the file's name"
OUTCOMES_TABLE = "Ofsted's outcomes table"
HELD_RECORD = "the tracker's record of this inspection"


def _date_publication(plan: ImportPlan, area: Area, filename: str) -> None:
    """Dates a letter that gives no date of its own from its file's name or the inspection
    already held, saying where the date came from; where they disagree, or the name is of
    another area or no real date, it says so (a warning) and the name's date is not used."""
    from_name = None
    named = date_from_file_name(filename)
    if named is not None:
        if not _names_area(named.area, area):
            plan.warnings.append(
                f"The file's name ({filename}) is of “{named.area}”, not {area.name}, the area "
                "the letter is about: the publication date in it is not used."
            )
        elif named.date is None:
            plan.warnings.append(
                f"The file's name ({filename}) gives no real publication date "
                f"(“{named.written}”): it is not used."
            )
        else:
            from_name = named.date
    held = plan.existing_inspection
    from_table = (
        held.published_on
        if held is not None and held.published_precision == DatePrecision.DAY
        else None
    )
    table = (
        OUTCOMES_TABLE
        if held is not None and held.sources.filter(kind=SourceKind.REPORT_INDEX).exists()
        else HELD_RECORD
    )
    if from_name and from_table and from_name != from_table:
        plan.warnings.append(
            f"The file's name gives {from_name:%-d %B %Y} as the publication date, but "
            f"{table} gives {from_table:%-d %B %Y}: enter the right one."
        )
        # Said more exactly by this warning.
        plan.warnings = [w for w in plan.warnings if w != NO_PUBLICATION_DATE]
        return
    published = from_name or from_table
    if published is None:
        return
    plan.letter = dataclasses.replace(plan.letter, letter_date=published)
    plan.publication_date_from = " and ".join(
        basis for basis, date in ((FILE_NAME, from_name), (table, from_table)) if date
    )


def _names_area(written: str, area: Area) -> bool:
    """Whether a file name's area part ("bedford", "kingston-upon-hull") is `area`."""
    if written in (area.slug, slugify(area.name)):
        return True
    return Area.objects.named(written.replace("-", " ")) == area


def _match_revisit(plan: ImportPlan, area: Area, start: dt.date | None) -> None:
    wsoas = WrittenStatementOfAction.objects.filter(inspection__area=area)
    if start:
        wsoas = wsoas.filter(inspection__visit_start__lt=start)
    plan.wsoa = wsoas.order_by("-inspection__visit_start").first()
    if plan.wsoa is None:
        plan.errors.append(
            f"{area.name} has no written statement of action before this revisit to "
            "check: enter the initial inspection first."
        )
        return
    parsed = plan.letter.weaknesses
    existing = list(plan.wsoa.weaknesses.all())
    expected = len(existing) or plan.wsoa.reported_weakness_count
    if expected and expected != len(parsed):
        plan.errors.append(
            f"This revisit gives verdicts on {len(parsed)} weaknesses, but {plan.wsoa} has "
            f"{expected}. Check the letter is for this area and this WSOA."
        )
        return
    for number, item in enumerate(parsed, start=1):
        match = WeaknessMatch(
            number,
            item.text,
            verdict_of(item.verdict),
            item.narrative,
            theme=_theme(plan.themes.weaknesses, number),
        )
        if existing:
            match.existing = _likeliest(existing, item.text)
            if match.existing is None:
                plan.errors.append(
                    f"Weakness {number} of the revisit (“{item.text[:80]}…”) matches no "
                    f"weakness in {plan.wsoa}."
                )
                match.existing = _likeliest(existing, item.text, at_least=0)
        if match.verdict is None:
            plan.errors.append(f"No verdict was read for weakness {number}.")
        plan.weaknesses.append(match)


def _likeliest(
    weaknesses: list[SignificantWeakness], text: str, at_least: float = SAME_WEAKNESS
) -> SignificantWeakness | None:
    """The stored weakness whose words are likeliest to be `text`'s, if alike enough."""
    scored = [
        (difflib.SequenceMatcher(None, _words(w.text), _words(text)).ratio(), w) for w in weaknesses
    ]
    score, best = max(scored, key=lambda pair: pair[0])
    return best if score >= at_least else None


LETTER_TITLES: dict[str, str] = {
    InspectionKind.INITIAL: "Joint area SEND inspection in {area}",
    InspectionKind.REVISIT: "Joint area SEND revisit in {area}",
    InspectionKind.FULL: "Area SEND inspection of {area} local area partnership",
    InspectionKind.MONITORING: "Area SEND monitoring inspection of {area}",
}


def letter_title(letter: LetterResult, area: Area) -> str:
    """The letter's own heading, dated by its visit so an area's letters stay apart."""
    title = LETTER_TITLES.get(letter.kind, "Letter about {area}").format(area=area.name)
    start = letter.visit_start
    return f"{title}, {start:%B %Y}" if start else title


def _source(plan: ImportPlan, area: Area, filename: str, document: bytes | None) -> Source:
    source = Source(
        kind=SourceKind.LETTER,
        title=letter_title(plan.letter, area),
        published_on=plan.letter.letter_date,
        content_hash=plan.fingerprint,
    )
    refuse(problems_with(source, {}, label="The letter's source record"))
    source.save()
    if document:
        # The file is written only once the records are committed: a refused import
        # leaves no file behind.
        transaction.on_commit(lambda: _store_document(source.pk, filename, document))
    return source


def _store_document(source_pk: int, filename: str, document: bytes) -> None:
    source = Source.objects.get(pk=source_pk)
    source.document.save(filename, ContentFile(document), save=True)


@transaction.atomic
def save_import(
    plan: ImportPlan, *, filename: str = "letter.txt", document: bytes | None = None
) -> Inspection:
    """Saves the letter and everything in it, or nothing at all.

    Raises ImportRefused for a duplicate or a letter with errors, and ImportInvalid (with each
    problem placed for the review form) for anything the models refuse. The document is
    stored when the transaction commits.
    """
    if plan.duplicate_of is not None:
        raise ImportRefused(
            f"This letter has already been imported ({plan.duplicate_of}). Nothing was changed."
        )
    if plan.errors:
        raise ImportRefused(" ".join(plan.errors))
    area = plan.area
    assert area is not None  # no area matched is one of the plan's errors
    try:
        source = _source(plan, area, filename, document)
        matched = Matched(area, plan.existing_inspection, plan.wsoa, plan.weaknesses)
        return record_letter(plan.letter, matched, source, themes=plan.themes)
    except ValidationError as error:  # a rule the checks before each save did not place
        raise ImportInvalid([Problem(message) for message in error.messages]) from error
