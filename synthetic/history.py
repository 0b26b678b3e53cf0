"""Synthetic national history, many times the real one, for benchmarks and scale tests.

`multiply_history(scale, seed=...)` works on the current database, which must hold the real
data (`load_national_data`) and nothing synthetic yet. It adds:

- `scale - 1` earlier cycles of every area's real history. Cycle k is the real history moved
  back by k x 12 years (the real history runs from May 2016 to 2026, under 12 years, so the
  cycles never overlap and each area's sequence stays in order: inspection, written statement
  of action, revisit with its verdicts, DfE and NHS England decision; and twelve years keep
  29 February on a leap year outside the century years). The 2023 framework began in
  January 2023 (`Inspection.clean()` refuses an earlier 2023-framework visit), so a cycle's copy
  of a 2023-framework full inspection is a 2016-framework inspection modelled on it: its areas
  for priority action become the significant weaknesses of a written statement of action
  (signed off without a revisit), its areas for improvement become areas for development.
  Every cycle has its own copies of the sources, cited as the real ones are, with no address.
- Progress updates, at every scale (the real data has none): officers log about one update a
  quarter on each significant weakness and area for priority action, and one every six months
  on each area for improvement, from the letter or report until the weakness is judged
  sufficient, the area's next inspection or today, times `scale`. Updates can only be dated
  from 1 January 2014 (the SEND reforms; see `progress.validators`), so the subjects of cycles
  wholly before then get none. About a quarter are internal, a few are withdrawn, some are
  edited, and parent carer forums respond to about a third of the public ones.
- Two officers and a forum representative (with memberships) in every current area, named
  synthetic-officer-<area>-1 and -2 and synthetic-forum-<area>, with unusable passwords.
- simple-history rows: each copy gets as many as the record it copies has; each update gets
  one for its creation and one for each edit or withdrawal.

Everything synthetic says so: titles and text start "Synthetic", sources are titled
"Synthetic source ...", notes say the record is not real. Every record satisfies its model's
validation (`tests/inspections/test_synthetic.py` runs `full_clean()` on a sample). Records are
written in batches of plain INSERTs (see `_Writer`), which send no signals, so the generation
ends by calling `inspections.standing.after_bulk_changes()`. The same seed and day give the same
records.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.management.color import no_style
from django.db import connections, models, router, transaction
from django.db.models import Count, Max
from django.utils import timezone

from areas.models import Area
from inspections.models import (
    Decision,
    Finding,
    FindingKind,
    Framework,
    Inspection,
    InspectionKind,
    JudgementArea,
    Outcome,
    ReportedDate,
    RevisitVerdict,
    SignificantWeakness,
    Source,
    SourceKind,
    Theme,
    Verdict,
    WrittenStatementOfAction,
    WsoaStatus,
)
from inspections.standing import after_bulk_changes
from progress.models import ForumResponse, Membership, ProgressUpdate, Rag, Role, Visibility
from progress.validators import EARLIEST_UPDATE

CYCLE_YEARS = 12
MAX_SCALE = 50  # cycle 49 starts in 1428: weakness references need a four-digit year
BATCH = 1000
MARKER_TITLE = "Synthetic history marker: built by generate_synthetic"
SYNTHETIC_NOTE = (
    "Synthetic record made by generate_synthetic for benchmarks: not a real inspection."
)
CHANGE_REASON = "Synthetic history (generate_synthetic)"
QUARTER = 91
HALF_YEAR = 182
PUBLIC_SHARE = 0.75
WITHDRAWN_SHARE = 0.04
EDITED_SHARE = 0.1
RESPONDED_SHARE = 0.3
HEADINGS = [value for value, _ in JudgementArea.choices]

SUMMARIES = {
    Rag.RED: [
        "Synthetic update: the plan is behind and the backlog is growing",
        "Synthetic update: recruitment gaps mean the actions have not started",
        "Synthetic update: waiting times are still rising",
    ],
    Rag.AMBER: [
        "Synthetic update: some actions are done, others are late",
        "Synthetic update: new process in place, not yet showing in the figures",
        "Synthetic update: progress in two localities, not yet area-wide",
    ],
    Rag.GREEN: [
        "Synthetic update: on track against every milestone",
        "Synthetic update: the figures have improved for two quarters running",
        "Synthetic update: families report a better experience in the latest survey",
    ],
    Rag.COMPLETE: ["Synthetic update: every action in the plan is complete"],
}
RESPONSES = [
    "Synthetic response from the parent carer forum: families tell us they see the change.",
    "Synthetic response from the parent carer forum: this does not match what families tell us.",
    "Synthetic response from the parent carer forum: we would like to see the figures by school.",
]


def _label(model) -> str:
    if model is get_user_model():
        return "users (synthetic officers and forum members)"
    return str(model._meta.verbose_name_plural)


HISTORY_LABEL = "history rows (simple-history)"
LINKS_LABEL = "source links (many-to-many)"


def counted_tables() -> dict[str, list[str]]:
    """The tables behind each count that multiply_history returns, in the order it builds."""
    built = [Source, Inspection, WrittenStatementOfAction, SignificantWeakness, RevisitVerdict]
    built += [Finding, Decision, ReportedDate, get_user_model(), Membership, ProgressUpdate]
    built.append(ForumResponse)
    tables = {_label(model): [model._meta.db_table] for model in built}
    tables[HISTORY_LABEL] = [m.history.model._meta.db_table for m in built if hasattr(m, "history")]
    tables[LINKS_LABEL] = [
        model.sources.through._meta.db_table
        for model in (Inspection, WrittenStatementOfAction, Decision)
    ]
    return tables


def is_synthetic_database() -> bool:
    """Whether this database already holds synthetic history."""
    return Source.objects.filter(kind=SourceKind.OTHER, title__startswith=MARKER_TITLE).exists()


def marker_title(scale: int, seed: int) -> str:
    return f"{MARKER_TITLE} (scale {scale}, seed {seed})"


def years_back(day: dt.date | None, years: int) -> dt.date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a century year that is not a leap year
        return day.replace(year=day.year - years, day=28)


def _noon(day: dt.date | None) -> dt.datetime | None:
    if day is None:
        return None
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


@dataclass
class _Real:
    """The real records, read once before anything is copied."""

    areas: dict[int, Area]
    sources: list[Source]
    inspections: list[Inspection]
    wsoas: dict[int, WrittenStatementOfAction]  # by inspection
    weaknesses: dict[int, list[SignificantWeakness]]  # by WSOA
    verdicts: list[RevisitVerdict]
    findings: dict[int, list[Finding]]  # by inspection
    decisions: list[Decision]
    reported_dates: list[ReportedDate]
    inspection_sources: list[tuple[int, int]]
    wsoa_sources: list[tuple[int, int]]
    decision_sources: list[tuple[int, int]]
    history_counts: dict[type, Counter]

    @classmethod
    def read(cls) -> _Real:
        weaknesses, findings = defaultdict(list), defaultdict(list)
        for weakness in SignificantWeakness.objects.order_by("wsoa_id", "number"):
            weaknesses[weakness.wsoa_id].append(weakness)
        for finding in Finding.objects.order_by(
            "inspection_id", "kind", "judgement_area", "number"
        ):
            findings[finding.inspection_id].append(finding)
        models_with_history = [
            Source,
            Inspection,
            WrittenStatementOfAction,
            SignificantWeakness,
            RevisitVerdict,
            Finding,
            Decision,
        ]
        return cls(
            areas={a.pk: a for a in Area.objects.order_by("pk")},
            sources=list(Source.objects.order_by("pk")),
            inspections=list(Inspection.objects.order_by("pk")),
            wsoas={w.inspection_id: w for w in WrittenStatementOfAction.objects.order_by("pk")},
            weaknesses=weaknesses,
            verdicts=list(RevisitVerdict.objects.order_by("pk")),
            findings=findings,
            decisions=list(Decision.objects.order_by("pk")),
            reported_dates=list(ReportedDate.objects.order_by("pk")),
            inspection_sources=_pairs(Inspection.sources.through, "inspection_id"),
            wsoa_sources=_pairs(
                WrittenStatementOfAction.sources.through, "writtenstatementofaction_id"
            ),
            decision_sources=_pairs(Decision.sources.through, "decision_id"),
            history_counts={
                model: Counter(
                    dict(
                        model.history.values_list("id")
                        .annotate(n=Count("history_id"))
                        .order_by()
                        .values_list("id", "n")
                    )
                )
                for model in models_with_history
            },
        )

    def check_span(self) -> None:
        dates = [d for i in self.inspections for d in (i.visit_start, i.published_on) if d]
        dates += [d.decided_on for d in self.decisions]
        if years_back(max(dates), CYCLE_YEARS) >= min(dates):
            raise ValueError(
                f"The real history spans {CYCLE_YEARS} years or more, so earlier cycles "
                "shifted back by that much would overlap it: raise CYCLE_YEARS."
            )


def _pairs(through, owner: str) -> list[tuple[int, int]]:
    return list(through.objects.order_by("pk").values_list(owner, "source_id"))


def _converter(field: models.Field, connection):
    """How one field's Python value goes into an INSERT, as Field.get_db_prep_save would."""
    if isinstance(field, models.DateTimeField):
        return connection.ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return connection.ops.adapt_datefield_value
    plain = (models.CharField, models.TextField, models.IntegerField, models.BooleanField)
    if isinstance(field, (*plain, models.ForeignKey)) and not isinstance(field, models.FileField):
        return None  # the driver takes it as it is
    return lambda value: field.get_db_prep_save(value, connection)


class _Writer:
    """Writes synthetic records in batches, with their history rows, and counts them.

    Rows go in as plain INSERTs, one executemany per batch (COPY on PostgreSQL), with ids taken
    from the table's highest id up, so children can point at their parents without reading
    ids back. Django's bulk_create prepared each value on its own, which made scale 20 take 40
    seconds instead of about ten. Sequences are reset afterwards, as loaddata does.
    """

    def __init__(self, default_when: dt.datetime):
        self.counts: Counter = Counter()
        self.default_when = default_when
        self.next_id: dict[type, int] = {}

    def _ids(self, model, count: int) -> range:
        if model not in self.next_id:
            self.next_id[model] = (model._default_manager.aggregate(top=Max("pk"))["top"] or 0) + 1
        start = self.next_id[model]
        self.next_id[model] += count
        return range(start, start + count)

    def _insert(self, model, fields: list[models.Field], rows: list[tuple], values_of=None) -> None:
        """values_of: the fields the values come from, where not `fields` (history rows)."""
        connection = connections[router.db_for_write(model)]
        quote = connection.ops.quote_name
        converters = [_converter(f, connection) for f in values_of or fields]
        table = quote(model._meta.db_table)
        columns = ", ".join(quote(f.column) for f in fields)

        def prepared(batch):
            for row in batch:
                yield tuple(v if c is None else c(v) for c, v in zip(converters, row, strict=True))

        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # COPY: psycopg binds each value client-side for INSERTs, three times slower.
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in prepared(rows):
                        copy.write_row(row)
                return
            sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
            for start in range(0, len(rows), BATCH):
                cursor.executemany(sql, list(prepared(rows[start : start + BATCH])))

    def create(self, model, objects: list) -> list:
        fields = model._meta.concrete_fields
        relations = [f for f in fields if f.is_relation]
        for obj, pk in zip(objects, self._ids(model, len(objects)), strict=True):
            obj.pk = pk
            for relation in relations:  # a parent given before its id was known
                if getattr(obj, relation.attname) is None and relation.is_cached(obj):
                    parent = relation.get_cached_value(obj)
                    setattr(obj, relation.attname, parent.pk if parent else None)
        self._insert(model, fields, [tuple(getattr(o, f.attname) for f in fields) for o in objects])
        self.counts[_label(model)] += len(objects)
        return objects

    def history(self, model, rows: list[tuple[models.Model, str, dt.datetime | None, int | None]]):
        """rows: (instance, "+" or "~", when, user id), with the instance as it was then."""
        historical = model.history.model
        meta = historical._meta
        tracked = [f.attname for f in historical.tracked_fields]
        own = ["history_id", "history_date", "history_type", "history_change_reason"]
        fields = [meta.get_field(n) for n in own] + [meta.get_field("history_user")]
        columns = fields + [meta.get_field(f.name) for f in historical.tracked_fields]
        ids = self._ids(historical, len(rows))
        self._insert(
            historical,
            columns,
            [
                (pk, when or self.default_when, kind, CHANGE_REASON, user_id)
                + tuple(getattr(instance, name) for name in tracked)
                for pk, (instance, kind, when, user_id) in zip(ids, rows, strict=True)
            ],
            values_of=fields + list(historical.tracked_fields),
        )
        self.counts[HISTORY_LABEL] += len(rows)

    def link(self, through, owner: str, pairs: list[tuple[int, int]]) -> None:
        fields = [through._meta.pk, through._meta.get_field(owner.removesuffix("_id"))]
        fields.append(through._meta.get_field("source"))
        ids = self._ids(through, len(pairs))
        self._insert(through, fields, [(pk, a, b) for pk, (a, b) in zip(ids, pairs, strict=True)])
        self.counts[LINKS_LABEL] += len(pairs)

    def reset_sequences(self) -> None:
        """What loaddata does after writing ids itself (nothing on SQLite, which keeps up)."""
        for alias in {router.db_for_write(model) for model in self.next_id}:
            connection = connections[alias]
            statements = connection.ops.sequence_reset_sql(no_style(), list(self.next_id))
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)


def _first_day(inspection: Inspection) -> dt.date | None:
    return inspection.visit_start or inspection.published_on or inspection.letter_date


def _shifted_history(real: _Real, writer: _Writer, model, pairs: list[tuple[int, object]]):
    """History rows for copies: as many, "+" then "~", as the real record has."""
    rows = []
    counts = real.history_counts[model]
    for real_pk, copy in pairs:
        when = getattr(copy, "_synthetic_when", None)
        for n in range(max(counts.get(real_pk, 0), 1)):
            rows.append((copy, "+" if n == 0 else "~", when, None))
    writer.history(model, rows)


def _copy_cycle(real: _Real, writer: _Writer, cycle: int) -> None:
    years = cycle * CYCLE_YEARS

    # Sources: one copy of each, cited as the real one, with no address.
    source_copies = writer.create(
        Source,
        [
            Source(
                kind=s.kind,
                title=f"Synthetic source (cycle {cycle}, from #{s.pk}): {s.title}"[:300],
                published_on=years_back(s.published_on, years),
            )
            for s in real.sources
        ],
    )
    sources = {s.pk: c for s, c in zip(real.sources, source_copies, strict=True)}
    for copy in source_copies:
        copy._synthetic_when = _noon(copy.published_on)
    _shifted_history(real, writer, Source, list(zip(sources, source_copies, strict=True)))

    def shifted(inspection: Inspection, **fields) -> Inspection:
        copy = Inspection(
            area_id=inspection.area_id,
            visit_start=years_back(inspection.visit_start, years),
            visit_end=years_back(inspection.visit_end, years),
            visit_precision=inspection.visit_precision,
            letter_date=years_back(inspection.letter_date, years),
            published_on=years_back(inspection.published_on, years),
            inspectors="\n".join(
                f"Synthetic inspector {n}" for n, _ in enumerate(inspection.inspector_list, 1)
            ),
            notes=SYNTHETIC_NOTE,
            **fields,
        )
        copy._synthetic_when = _noon(copy.published_on or copy.visit_start)
        return copy

    def synthetic(text: str) -> str:
        return f"Synthetic: {text}" if text else ""

    # Initial inspections, and 2023-framework ones remade as 2016-framework inspections.
    firsts: list[tuple[Inspection, Inspection]] = []
    for inspection in real.inspections:
        if inspection.kind == InspectionKind.INITIAL:
            copy = shifted(
                inspection,
                framework=Framework.LOCAL_AREA_2016,
                kind=InspectionKind.INITIAL,
                wsoa_required=inspection.wsoa_required,
                summary=synthetic(inspection.summary),
            )
        elif inspection.framework == Framework.AREA_2023:
            priority_actions = [
                f
                for f in real.findings.get(inspection.pk, [])
                if f.kind == FindingKind.PRIORITY_ACTION
            ]
            day = _first_day(inspection)
            copy = shifted(
                inspection,
                framework=Framework.LOCAL_AREA_2016,
                kind=InspectionKind.INITIAL,
                wsoa_required=bool(priority_actions) or inspection.outcome == Outcome.WIDESPREAD,
                summary=f"Synthetic: an earlier cycle modelled on the "
                f"{day:%B %Y} report. {inspection.outcome_text}".strip(),
            )
        else:
            continue
        firsts.append((inspection, copy))
    writer.create(Inspection, [c for _, c in firsts])
    copies: dict[int, Inspection] = {i.pk: c for i, c in firsts}

    # Written statements of action.
    wsoa_pairs: list[tuple[WrittenStatementOfAction | None, Inspection, WrittenStatementOfAction]]
    wsoa_pairs = []
    for inspection, copy in firsts:
        wsoa = real.wsoas.get(inspection.pk)
        if wsoa is not None:
            new = WrittenStatementOfAction(
                inspection=copy,
                responsible_bodies=wsoa.responsible_bodies,
                submitted_on=years_back(wsoa.submitted_on, years),
                submitted_precision=wsoa.submitted_precision,
                fit_for_purpose_on=years_back(wsoa.fit_for_purpose_on, years),
                fit_for_purpose_precision=wsoa.fit_for_purpose_precision,
                status=wsoa.status,
                reported_weakness_count=wsoa.reported_weakness_count,
            )
        elif inspection.framework == Framework.AREA_2023 and copy.wsoa_required:
            actions = [
                f
                for f in real.findings.get(inspection.pk, [])
                if f.kind == FindingKind.PRIORITY_ACTION
            ]
            after = copy.published_on or copy.visit_end or copy.visit_start
            submitted = after + dt.timedelta(days=70) if after else None
            new = WrittenStatementOfAction(
                inspection=copy,
                responsible_bodies="\n".join(dict.fromkeys(f.responsible_body for f in actions)),
                submitted_on=submitted,
                fit_for_purpose_on=submitted + dt.timedelta(days=42) if submitted else None,
                status=WsoaStatus.SIGNED_OFF,
                reported_weakness_count=len(actions) or inspection.reported_priority_actions,
            )
        else:
            continue
        new._synthetic_when = _noon(new.submitted_on) or copy._synthetic_when
        wsoa_pairs.append((wsoa, inspection, new))
    writer.create(WrittenStatementOfAction, [new for _, _, new in wsoa_pairs])
    wsoa_copies = {wsoa.pk: new for wsoa, _, new in wsoa_pairs if wsoa is not None}
    _shifted_history(
        real,
        writer,
        WrittenStatementOfAction,
        [(wsoa.pk if wsoa else None, new) for wsoa, _, new in wsoa_pairs],
    )

    # Revisits of those plans.
    revisits = [
        (
            inspection,
            shifted(
                inspection,
                framework=Framework.LOCAL_AREA_2016,
                kind=InspectionKind.REVISIT,
                wsoa=wsoa_copies[inspection.wsoa_id],
                revisit_result=inspection.revisit_result,
                reported_sufficient=inspection.reported_sufficient,
                reported_not_sufficient=inspection.reported_not_sufficient,
                summary=synthetic(inspection.summary),
                consequence=synthetic(inspection.consequence),
            ),
        )
        for inspection in real.inspections
        if inspection.kind == InspectionKind.REVISIT
    ]
    writer.create(Inspection, [c for _, c in revisits])
    copies.update({i.pk: c for i, c in revisits})
    inspection_pairs = [(i.pk, c) for i, c in firsts + revisits]
    # A remade 2023-framework inspection has the history its original has.
    _shifted_history(real, writer, Inspection, inspection_pairs)

    # Significant weaknesses: the real ones' copies, and the remade reports' priority actions.
    weakness_copies: dict[int, SignificantWeakness] = {}
    new_weaknesses: list[tuple[tuple[type, int], SignificantWeakness]] = []
    for wsoa, inspection, new in wsoa_pairs:
        area = real.areas[inspection.area_id]
        day = _first_day(new.inspection)
        if day is None:
            continue
        reference = f"{area.abbreviation}-{day.year:04d}-{{}}"
        if wsoa is not None:
            for weakness in real.weaknesses.get(wsoa.pk, []):
                copy = SignificantWeakness(
                    wsoa=new,
                    number=weakness.number,
                    reference=reference.format(weakness.number),
                    title=synthetic(weakness.title)[:120],
                    text=f"Synthetic copy of {weakness.reference}, not a real weakness. "
                    f"{weakness.text}",
                    wording_complete=weakness.wording_complete,
                    numbered_by_letter=weakness.numbered_by_letter,
                    theme=weakness.theme,
                    source=sources.get(weakness.source_id),
                )
                weakness_copies[weakness.pk] = copy
                new_weaknesses.append(((SignificantWeakness, weakness.pk), copy))
        else:
            letter = next(
                (
                    sources[s]
                    for i, s in real.inspection_sources
                    if i == inspection.pk and sources[s].kind == SourceKind.LETTER
                ),
                None,
            )
            for finding in real.findings.get(inspection.pk, []):
                if finding.kind != FindingKind.PRIORITY_ACTION:
                    continue
                copy = SignificantWeakness(
                    wsoa=new,
                    number=finding.number,
                    reference=reference.format(finding.number),
                    title=synthetic(finding.title or finding.text[:60])[:120],
                    text="Synthetic weakness modelled on an area for priority action. "
                    f"{finding.text}",
                    theme=finding.theme or Theme.OTHER,
                    source=letter,
                )
                new_weaknesses.append(((Finding, finding.pk), copy))
    for _, copy in new_weaknesses:
        copy._synthetic_when = copy.wsoa._synthetic_when
    writer.create(SignificantWeakness, [c for _, c in new_weaknesses])
    rows = []
    for (model, real_pk), copy in new_weaknesses:
        for n in range(max(real.history_counts[model].get(real_pk, 0), 1)):
            rows.append((copy, "+" if n == 0 else "~", copy._synthetic_when, None))
    writer.history(SignificantWeakness, rows)

    # Verdicts at the revisits.
    verdicts = []
    for verdict in real.verdicts:
        copy = RevisitVerdict(
            revisit=copies[verdict.revisit_id],
            weakness=weakness_copies[verdict.weakness_id],
            verdict=verdict.verdict,
            narrative=synthetic(verdict.narrative),
        )
        copy._synthetic_when = copy.revisit._synthetic_when
        verdicts.append((verdict.pk, copy))
    writer.create(RevisitVerdict, [c for _, c in verdicts])
    _shifted_history(real, writer, RevisitVerdict, verdicts)

    # Findings: 2016-framework ones as they are; areas for improvement as areas for development.
    findings = []
    for inspection, copy in firsts:
        per_heading: Counter = Counter()
        for finding in real.findings.get(inspection.pk, []):
            if finding.kind == FindingKind.PRIORITY_ACTION:
                continue  # a significant weakness of the remade inspection
            kind, heading, number = finding.kind, finding.judgement_area, finding.number
            if finding.kind == FindingKind.IMPROVEMENT:
                kind = FindingKind.AREA_FOR_DEVELOPMENT
                heading = HEADINGS[sum(per_heading.values()) % len(HEADINGS)]
                per_heading[heading] += 1
                number = per_heading[heading]
            new = Finding(
                inspection=copy,
                kind=kind,
                judgement_area=heading,
                number=number,
                text=synthetic(finding.text),
                title=synthetic(finding.title)[:120],
                theme=finding.theme,
            )
            new._synthetic_when = copy._synthetic_when
            findings.append((finding.pk, new))
    writer.create(Finding, [c for _, c in findings])
    _shifted_history(real, writer, Finding, findings)

    decisions = []
    for decision in real.decisions:
        copy = Decision(
            area_id=decision.area_id,
            wsoa=wsoa_copies.get(decision.wsoa_id),
            kind=decision.kind,
            decided_on=years_back(decision.decided_on, years),
            date_precision=decision.date_precision,
            notes=synthetic(decision.notes) or "Synthetic decision.",
        )
        copy._synthetic_when = _noon(copy.decided_on)
        decisions.append((decision.pk, copy))
    writer.create(Decision, [c for _, c in decisions])
    _shifted_history(real, writer, Decision, decisions)

    writer.create(
        ReportedDate,
        [
            ReportedDate(
                inspection=copies[r.inspection_id],
                event=r.event,
                date=years_back(r.date, years),
                source=sources[r.source_id],
                note=synthetic(r.note),
            )
            for r in real.reported_dates
            if r.inspection_id in copies
        ],
    )

    writer.link(
        Inspection.sources.through,
        "inspection_id",
        [(copies[i].pk, sources[s].pk) for i, s in real.inspection_sources if i in copies],
    )
    wsoa_links = [(wsoa_copies[w].pk, sources[s].pk) for w, s in real.wsoa_sources]
    for wsoa, inspection, new in wsoa_pairs:
        if wsoa is None:  # a remade report: its plan cites the report
            wsoa_links += [
                (new.pk, sources[s].pk) for i, s in real.inspection_sources if i == inspection.pk
            ]
    writer.link(WrittenStatementOfAction.sources.through, "writtenstatementofaction_id", wsoa_links)
    decision_copies = dict(decisions)
    writer.link(
        Decision.sources.through,
        "decision_id",
        [(decision_copies[d].pk, sources[s].pk) for d, s in real.decision_sources],
    )


# --- Officers, forums and their progress updates ---------------------------------


def _people(writer: _Writer) -> dict[int, tuple[list, object]]:
    """Two officers and a forum representative in each current area: {area: (officers, forum)}."""
    User = get_user_model()
    areas = list(Area.objects.current().order_by("pk"))
    users = []
    for area in areas:
        for name, last in [
            (f"synthetic-officer-{area.slug}-1", "Officer 1"),
            (f"synthetic-officer-{area.slug}-2", "Officer 2"),
            (f"synthetic-forum-{area.slug}", "Forum representative"),
        ]:
            users.append(
                User(
                    username=name,
                    first_name="Synthetic",
                    last_name=f"{last}, {area.name}"[:150],
                    password=f"{UNUSABLE_PASSWORD_PREFIX}synthetic",
                    date_joined=_noon(EARLIEST_UPDATE),
                )
            )
    users = writer.create(User, users)
    people, memberships = {}, []
    for n, area in enumerate(areas):
        first, second, forum = users[3 * n : 3 * n + 3]
        people[area.pk] = ([first, second], forum)
        memberships += [
            Membership(user=first, area=area, role=Role.OFFICER),
            Membership(user=second, area=area, role=Role.OFFICER),
            Membership(user=forum, area=area, role=Role.FORUM),
        ]
    writer.create(Membership, memberships)
    writer.history(Membership, [(m, "+", None, None) for m in memberships])
    return people


@dataclass
class _Subject:
    area_id: int
    weakness_id: int | None
    finding_id: int | None
    start: dt.date
    end: dt.date
    every: int  # days between updates
    completes: bool  # judged sufficient at the end


def _subjects(today: dt.date) -> list[_Subject]:
    """Every weakness and 2023-framework finding in a current area, with its open period."""
    current = set(Area.objects.current().values_list("pk", flat=True))
    by_area: dict[int, list[dt.date]] = defaultdict(list)
    for area_id, day in (
        Inspection.objects.filter(kind__in=[InspectionKind.INITIAL, InspectionKind.FULL])
        .exclude(visit_start=None)
        .values_list("area_id", "visit_start")
    ):
        by_area[area_id].append(day)

    def next_inspection(area_id: int, after: dt.date) -> dt.date:
        return min((d for d in by_area[area_id] if d > after), default=today)

    last_verdict = {
        weakness: (verdict, day)
        for weakness, verdict, day in RevisitVerdict.objects.order_by(
            "revisit__visit_start", "pk"
        ).values_list("weakness_id", "verdict", "revisit__visit_start")
    }
    subjects = []
    weaknesses = SignificantWeakness.objects.order_by("pk").values_list(
        "pk",
        "wsoa__inspection__area_id",
        "wsoa__inspection__visit_start",
        "wsoa__inspection__published_on",
    )
    for pk, area_id, visited, published in weaknesses:
        began = published or visited
        if area_id not in current or began is None:
            continue
        verdict, judged = last_verdict.get(pk, (None, None))
        completes = verdict == Verdict.SUFFICIENT and judged is not None
        end = judged if completes else next_inspection(area_id, visited or began)
        subjects.append(_Subject(area_id, pk, None, began, end, QUARTER, completes))
    findings = Finding.objects.filter(
        kind__in=[FindingKind.PRIORITY_ACTION, FindingKind.IMPROVEMENT]
    ).order_by("pk")
    for pk, area_id, kind, visited, published in findings.values_list(
        "pk", "inspection__area_id", "kind", "inspection__visit_start", "inspection__published_on"
    ):
        began = published or visited
        if area_id not in current or began is None:
            continue
        every = QUARTER if kind == FindingKind.PRIORITY_ACTION else HALF_YEAR
        subjects.append(
            _Subject(
                area_id, None, pk, began, next_inspection(area_id, visited or began), every, False
            )
        )
    return subjects


def _rag(rng: random.Random, progress: float) -> str:
    ladder = [Rag.RED, Rag.AMBER, Rag.GREEN]
    step = 0 if progress < 0.3 else 1 if progress < 0.7 else 2
    step = min(max(step + rng.choice([-1, 0, 0, 0, 1]), 0), 2)
    return ladder[step]


def _at(rng: random.Random, day: dt.date, now: dt.datetime) -> dt.datetime:
    moment = timezone.make_aware(
        dt.datetime.combine(day, dt.time(9 + rng.randrange(9), rng.randrange(60)))
    )
    return min(moment, now)


def _progress(writer: _Writer, rng: random.Random, scale: int, today: dt.date) -> None:
    people = _people(writer)
    now = timezone.now()
    updates: list[ProgressUpdate] = []
    edits: dict[int, tuple[str, dt.datetime]] = {}  # update's index: details before, when edited
    for subject in _subjects(today):
        start = max(subject.start, EARLIEST_UPDATE)
        end = min(subject.end, today)
        if start >= end:
            continue
        officers, _ = people[subject.area_id]
        span = (end - start).days
        slots = list(range(0, span, subject.every))
        for slot_number, offset in enumerate(slots):
            last_slot = slot_number == len(slots) - 1
            for _ in range(scale):
                day = start + dt.timedelta(
                    days=min(offset + rng.randrange(subject.every), span - 1)
                )
                rag = (
                    Rag.COMPLETE
                    if last_slot and subject.completes
                    else _rag(rng, (day - start).days / span)
                )
                author = rng.choice(officers).pk
                created = _at(rng, day, now)
                update = ProgressUpdate(
                    area_id=subject.area_id,
                    weakness_id=subject.weakness_id,
                    finding_id=subject.finding_id,
                    date=day,
                    rag=rag,
                    summary=rng.choice(SUMMARIES[rag]),
                    details="Synthetic details: what the partnership did this quarter, "
                    "with the figures behind the rating.",
                    evidence_links=(
                        f"https://example.org/synthetic/evidence/{rng.randrange(10**6)}"
                        if rng.random() < 0.3
                        else ""
                    ),
                    next_steps="Synthetic next steps: review at the next partnership board.",
                    visibility=(
                        Visibility.PUBLIC if rng.random() < PUBLIC_SHARE else Visibility.INTERNAL
                    ),
                    author_id=author,
                    created_at=created,
                    updated_at=created,
                    version=1,
                )
                edited = rng.random() < EDITED_SHARE
                if edited:
                    update.updated_at = min(created + dt.timedelta(days=rng.randrange(1, 20)), now)
                    edits[len(updates)] = (update.details, update.updated_at)
                    update.details = update.details.replace(
                        "Synthetic details:", "Synthetic details (corrected):"
                    )
                    update.version = 2
                if rng.random() < WITHDRAWN_SHARE:
                    update.withdrawn_at = min(
                        update.updated_at + dt.timedelta(days=rng.randrange(1, 10)), now
                    )
                    update.withdrawn_by_id = rng.choice(officers).pk
                    update.updated_at = update.withdrawn_at
                    update.version += 1
                updates.append(update)
    writer.create(ProgressUpdate, updates)

    rows = []
    for n, update in enumerate(updates):
        # Its versions, oldest first: as logged, as edited, as withdrawn (most only logged).
        author, versions = update.author_id, []
        if n in edits:
            details, edited_at = edits[n]
            versions.append(
                _state(update, version=1, updated_at=update.created_at, details=details)
            )
            if update.withdrawn_at:
                versions.append(_state(update, version=2, updated_at=edited_at))
        elif update.withdrawn_at:
            versions.append(_state(update, version=1, updated_at=update.created_at))
        versions.append(update)
        for number, version in enumerate(versions):
            user = update.withdrawn_by_id if version.withdrawn_at else author
            rows.append((version, "+" if number == 0 else "~", version.updated_at, user))
    writer.history(ProgressUpdate, rows)

    responses = []
    for update in updates:
        if (
            update.visibility == Visibility.PUBLIC
            and update.withdrawn_at is None
            and rng.random() < RESPONDED_SHARE
        ):
            created = min(update.created_at + dt.timedelta(days=rng.randrange(1, 15)), now)
            responses.append(
                ForumResponse(
                    update_id=update.pk,
                    author_id=people[update.area_id][1].pk,
                    text=rng.choice(RESPONSES),
                    created_at=created,
                    withdrawn_at=(
                        min(created + dt.timedelta(days=2), now) if rng.random() < 0.03 else None
                    ),
                )
            )
    writer.create(ForumResponse, responses)
    writer.history(
        ForumResponse,
        [(r, "+", r.created_at, r.author_id) for r in responses]
        + [(r, "~", r.withdrawn_at, r.author_id) for r in responses if r.withdrawn_at],
    )


def _state(update: ProgressUpdate, **changes) -> ProgressUpdate:
    """The update as an earlier save left it: not yet withdrawn, with these fields then."""
    fields = {f.attname: getattr(update, f.attname) for f in update._meta.concrete_fields}
    earlier = ProgressUpdate(**{**fields, "withdrawn_at": None, "withdrawn_by_id": None})
    for name, value in changes.items():
        setattr(earlier, name, value)
    return earlier


def multiply_history(scale: int, seed: int = 1, today: dt.date | None = None) -> Counter:
    """Makes the database's real history about `scale` times as big; returns what it built.

    The database must hold the real data and no synthetic history. Deterministic for a given
    seed and day (`today`, by default today: updates run up to it).
    """
    if not 1 <= scale <= MAX_SCALE:
        raise ValueError(f"The scale is a whole number from 1 to {MAX_SCALE}.")
    if is_synthetic_database():
        raise ValueError("This database already holds synthetic history: start from the real data.")
    if not Inspection.objects.exists():
        raise ValueError("No real data to multiply: run load_national_data first.")
    rng = random.Random(seed)
    today = today or timezone.localdate()
    writer = _Writer(default_when=_noon(today))
    with transaction.atomic():
        real = _Real.read()
        real.check_span()
        for cycle in range(1, scale):
            _copy_cycle(real, writer, cycle)
        _progress(writer, rng, scale, today)
        writer.reset_sequences()  # before anything else is saved the ordinary way
        Source.objects.create(
            kind=SourceKind.OTHER,
            title=marker_title(scale, seed),
            published_on=today,
        )
    after_bulk_changes()
    return writer.counts
