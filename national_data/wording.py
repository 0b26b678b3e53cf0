"""Significant-weakness wording quoted on public pages (Warwickshire, Kent, Surrey)."""

from __future__ import annotations

from inspections.models import (
    SignificantWeakness,
    SourceKind,
    WrittenStatementOfAction,
)
from inspections.saving import save
from national_data.common import (
    DATA_DIR,
    LoadReport,
    area_for_code,
    parse_date,
    read_csv,
)
from national_data.sources import source_for_address

WEAKNESS_WORDING_CSV = DATA_DIR / "weakness_wording_from_public_pages.csv"


def load_weakness_wording(report: LoadReport) -> None:
    """Significant weaknesses as councils and forums quoted them (Warwickshire, Kent, Surrey)."""
    from inspections.theme_rules import suggest_theme
    from letters.recording import weakness_title

    loaded = 0
    unnumbered: dict[int, int] = {}
    for row in read_csv(WEAKNESS_WORDING_CSV):
        area = area_for_code(row["area_code"], {})
        published = parse_date(row["inspection_published"])
        wsoa = WrittenStatementOfAction.objects.filter(
            inspection__area=area, inspection__published_on=published
        ).first()
        if wsoa is None:
            report.warnings.append(
                f"{area.name}: weakness wording for a letter published {published}, "
                "which no loaded WSOA matches"
            )
            continue
        if row["number"]:
            number = int(row["number"])
        else:  # quoted without the letter's numbering: numbered in the order quoted
            number = unnumbered[wsoa.pk] = unnumbered.get(wsoa.pk, 0) + 1
        weakness = wsoa.weaknesses.filter(number=number).first() or SignificantWeakness(
            wsoa=wsoa, number=number
        )
        text = row["text"].strip()
        cited = source_for_address(row["source"], area)
        if weakness.source and weakness.source.kind == SourceKind.LETTER:
            continue  # the letter itself was entered: it wins over a quotation
        weakness.text = text + ("…" if row["completeness"] == "truncated" else "")
        weakness.title = weakness.title or weakness_title(text)
        weakness.theme = weakness.theme or suggest_theme(text)
        weakness.wording_complete = row["completeness"] != "truncated"
        weakness.numbered_by_letter = bool(row["number"])
        weakness.source = cited
        save(weakness)
        wsoa.sources.add(cited)
        loaded += 1
    report.counts["weaknesses quoted on public pages"] = loaded
