"""The 2023-framework reports shipped in letters/data/reports/, read once and reviewed.

Reading 51 PDFs takes most of a minute, too slow for every data load, so their findings are
kept in a committed file, `framework_2_findings.json`, that `manage.py
extract_report_findings` writes from the PDFs: what the parser reads, with the themes the
rules suggest, and then the hand corrections listed in `framework_2_corrections.json`
(each with the reason for it). A test checks that the committed file is exactly that.
"""

from __future__ import annotations

import json
from pathlib import Path

from inspections.saving import text_fingerprint
from inspections.theme_rules import suggest_theme
from letters.reader import read_letter

DATA_DIR = Path(__file__).resolve().parent / "data"
REPORTS_DIR = DATA_DIR / "reports"
FINDINGS_JSON = DATA_DIR / "framework_2_findings.json"
CORRECTIONS_JSON = DATA_DIR / "framework_2_corrections.json"
GROUPS = ("priority_actions", "areas_for_improvement")


def report_paths() -> list[Path]:
    return sorted(REPORTS_DIR.glob("*.pdf"))


def read_report(path: Path) -> dict:
    """What one report says, in the committed file's form."""
    text, result = read_letter(path.read_bytes())
    bodies = result.improvement_bodies or [""] * len(result.areas_for_improvement)
    return {
        "file": path.name,
        "area": result.area,
        "visit_start": result.visit_start.isoformat() if result.visit_start else None,
        "visit_end": result.visit_end.isoformat() if result.visit_end else None,
        "outcome": result.outcome,
        "responsible_bodies": result.responsible_bodies or "",
        "council_name": result.council_name or "",
        "integrated_care_boards": result.integrated_care_boards,
        "fingerprint": text_fingerprint(text),
        "priority_actions": [
            {
                "text": action.text,
                "responsible_body": action.responsible_body or "",
                "theme": suggest_theme(action.text),
            }
            for action in result.priority_actions
        ],
        "areas_for_improvement": [
            {"text": text, "responsible_body": body, "theme": suggest_theme(text)}
            for text, body in zip(result.areas_for_improvement, bodies, strict=True)
        ],
        "warnings": [w for w in result.warnings if "publication date" not in w],
    }


def apply_corrections(reports: list[dict], corrections: list[dict]) -> list[dict]:
    """The reports with each correction made: {file, group, number, field, value, why}."""
    by_file = {report["file"]: report for report in reports}
    for correction in corrections:
        report = by_file[correction["file"]]
        if correction.get("group"):
            item = report[correction["group"]][correction["number"] - 1]
            item[correction["field"]] = correction["value"]
        else:
            report[correction["field"]] = correction["value"]
    return reports


def corrections() -> list[dict]:
    if not CORRECTIONS_JSON.exists():
        return []
    return json.loads(CORRECTIONS_JSON.read_text(encoding="utf-8"))["corrections"]


def build_findings() -> dict:
    reports = [read_report(path) for path in report_paths()]
    return {
        "about": "Findings of the 2023-framework reports in reports/, as read by the letter "
        "parser with the themes its rules suggest, then corrected by hand as listed in "
        "framework_2_corrections.json. Written by `manage.py extract_report_findings`; "
        "do not edit by hand.",
        "reports": apply_corrections(reports, corrections()),
    }


def write_findings() -> dict:
    findings = build_findings()
    FINDINGS_JSON.write_text(
        json.dumps(findings, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return findings


def shipped_findings() -> list[dict]:
    if not FINDINGS_JSON.exists():
        return []
    return json.loads(FINDINGS_JSON.read_text(encoding="utf-8"))["reports"]
