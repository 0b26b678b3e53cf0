"""generate_synthetic: many times the real history, plausible, valid, marked synthetic, and never
written into the site's own database."""

from __future__ import annotations

import datetime as dt
import os
import random
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.db.models import Max, Min

from areas.models import Area
from inspections.models import (
    Decision,
    Finding,
    FindingKind,
    Framework,
    Inspection,
    InspectionKind,
    ReportedDate,
    RevisitVerdict,
    SignificantWeakness,
    Source,
    WrittenStatementOfAction,
)
from inspections.runs_to import DATA_RUNS_TO_KEY, data_runs_to
from inspections.standing import after_bulk_changes
from progress.models import ForumResponse, Membership, ProgressUpdate, Role, Visibility
from progress.validators import EARLIEST_UPDATE
from synthetic.cycles import SYNTHETIC_NOTE
from synthetic.history import multiply_history

pytestmark = pytest.mark.usefixtures("national_data")
ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 30)
VALIDATED = [
    Source,
    Inspection,
    WrittenStatementOfAction,
    SignificantWeakness,
    RevisitVerdict,
    Finding,
    Decision,
    ReportedDate,
    Membership,
    ProgressUpdate,
    ForumResponse,
]


def real_counts() -> dict:
    return {model: model.objects.count() for model in VALIDATED}


def test_scale_2_doubles_the_history_of_the_same_areas():
    areas = set(Area.objects.values_list("code", "ons_code", "slug", "abolished_on"))
    real = real_counts()
    priority_actions = Finding.objects.filter(kind=FindingKind.PRIORITY_ACTION).count()

    built = multiply_history(2, seed=7, today=TODAY)

    assert set(Area.objects.values_list("code", "ons_code", "slug", "abolished_on")) == areas
    assert Area.objects.current().count() == 153
    # A monitoring inspection has no 2016-framework counterpart, so it is not copied back.
    monitoring = Inspection.objects.filter(kind=InspectionKind.MONITORING).count()
    assert Inspection.objects.count() == 2 * real[Inspection] - monitoring
    for model in (RevisitVerdict, Decision, ReportedDate):
        assert model.objects.count() == 2 * real[model], model
    assert Source.objects.count() == 2 * real[Source] + 1  # and the marker: "built at scale 2"
    # A 2023-framework report's copy is a 2016-framework inspection: its areas for priority
    # action become the weaknesses of a written statement of action.
    assert SignificantWeakness.objects.count() == 2 * real[SignificantWeakness] + priority_actions
    assert Finding.objects.count() == 2 * real[Finding] - priority_actions
    assert WrittenStatementOfAction.objects.count() > 2 * real[WrittenStatementOfAction]
    assert built["inspections"] == real[Inspection] - monitoring
    assert built["progress updates"] == ProgressUpdate.objects.count() > 1000


def test_each_areas_earlier_cycle_comes_before_its_real_history_in_order():
    real_ids = set(Inspection.objects.values_list("pk", flat=True))
    multiply_history(2, seed=7, today=TODAY)

    for area in Area.objects.filter(inspections__isnull=False).distinct():
        dated = area.inspections.exclude(visit_start=None)
        real = dated.filter(pk__in=real_ids).aggregate(first=Min("visit_start"))["first"]
        copy = dated.exclude(pk__in=real_ids).aggregate(last=Max("visit_start"))["last"]
        if real and copy:
            assert copy < real, area
    for revisit in Inspection.objects.exclude(pk__in=real_ids).filter(kind=InspectionKind.REVISIT):
        assert revisit.wsoa.inspection.visit_start < revisit.visit_start
        assert revisit.wsoa.inspection.pk not in real_ids
    for decision in Decision.objects.filter(notes__startswith="Synthetic"):
        assert decision.wsoa.inspection.visit_start < decision.decided_on
    # The 2023 framework began in 2023: no copy of one of its inspections is earlier.
    assert not Inspection.objects.filter(
        framework=Framework.AREA_2023, visit_start__lt=dt.date(2023, 1, 1)
    ).exists()


def test_every_kind_of_synthetic_record_passes_its_models_validation():
    before = {model: set(model.objects.values_list("pk", flat=True)) for model in VALIDATED}
    multiply_history(2, seed=7, today=TODAY)

    pick = random.Random(0)
    for model in VALIDATED:
        new = sorted(set(model.objects.values_list("pk", flat=True)) - before[model])
        assert new, model
        for record in model.objects.filter(pk__in=pick.sample(new, min(40, len(new)))):
            record.full_clean()


def test_everything_synthetic_says_so_and_the_real_records_are_untouched():
    real_inspections = list(Inspection.objects.order_by("pk").values())
    real_sources = set(Source.objects.values_list("pk", flat=True))
    multiply_history(2, seed=7, today=TODAY)

    assert list(Inspection.objects.filter(notes=SYNTHETIC_NOTE).values_list("pk", flat=True))
    real_ids = [row["id"] for row in real_inspections]
    assert list(Inspection.objects.filter(pk__in=real_ids).order_by("pk").values()) == (
        real_inspections
    )
    assert Inspection.objects.exclude(pk__in=real_ids).exclude(notes=SYNTHETIC_NOTE).count() == 0
    new_sources = Source.objects.exclude(pk__in=real_sources)
    assert all(
        title.startswith("Synthetic") for title in new_sources.values_list("title", flat=True)
    )
    assert not new_sources.exclude(url="").exists()  # no address passes for a real document
    for weakness in SignificantWeakness.objects.filter(wsoa__inspection__notes=SYNTHETIC_NOTE):
        assert weakness.title.startswith("Synthetic") and "Synthetic" in weakness.text
    assert not ProgressUpdate.objects.exclude(summary__startswith="Synthetic update").exists()
    assert not ForumResponse.objects.exclude(text__startswith="Synthetic").exists()
    people = get_user_model().objects.all()
    assert people.count() == 3 * 153
    assert all(u.username.startswith("synthetic-") and not u.has_usable_password() for u in people)


def test_progress_updates_follow_each_item_over_the_years():
    multiply_history(1, seed=7, today=TODAY)
    updates = ProgressUpdate.objects.select_related("weakness__wsoa__inspection", "finding")

    assert updates.filter(weakness__isnull=False).exists()
    for kind in (FindingKind.PRIORITY_ACTION, FindingKind.IMPROVEMENT):
        assert updates.filter(finding__kind=kind).exists()
    assert {u.visibility for u in updates} == {Visibility.PUBLIC, Visibility.INTERNAL}
    assert updates.filter(withdrawn_at__isnull=False).exists()
    officers = set(Membership.objects.filter(role=Role.OFFICER).values_list("user", "area"))
    for update in updates:
        assert EARLIEST_UPDATE <= update.date < TODAY
        found_by = (update.weakness.wsoa if update.weakness else update.finding).inspection
        assert update.date >= found_by.visit_start
        assert (update.author_id, update.area_id) in officers
        history = list(update.history.order_by("history_date"))
        assert len(history) == update.version
        assert history[-1].withdrawn_at == update.withdrawn_at
    # CB-2019-1 was judged not sufficient in 2021: its updates run on to today.
    cb = updates.filter(weakness__reference="CB-2019-1")
    assert cb.filter(date__year=2020).exists() and cb.filter(date__year=2026).exists()
    forums = set(Membership.objects.filter(role=Role.FORUM).values_list("user", "area"))
    responses = ForumResponse.objects.select_related("update")
    assert responses.exists()
    for response in responses:
        assert response.update.visibility == Visibility.PUBLIC
        assert (response.author_id, response.update.area_id) in forums


def updates_made(scale: int, seed: int) -> list[tuple]:
    with transaction.atomic():
        multiply_history(scale, seed=seed, today=TODAY)
        made = list(
            ProgressUpdate.objects.order_by("pk").values_list(
                "area__code", "weakness__reference", "finding__number", "date", "rag", "visibility"
            )
        )
        transaction.set_rollback(True)
    return made


def test_the_same_seed_gives_the_same_records_and_the_scale_multiplies_them():
    first = updates_made(1, seed=3)
    assert updates_made(1, seed=3) == first
    assert updates_made(1, seed=4) != first
    assert len(updates_made(3, seed=3)) >= 3 * len(first)


def test_a_second_multiplication_is_refused():
    multiply_history(1, seed=7, today=TODAY)
    with pytest.raises(ValueError, match="already holds synthetic history"):
        multiply_history(1, seed=7, today=TODAY)


def test_pages_show_the_real_date_the_data_runs_to_after_a_bulk_build(client):
    real = data_runs_to()
    cache.set(DATA_RUNS_TO_KEY, dt.date(2000, 1, 1))
    after_bulk_changes()
    assert data_runs_to() == real
    cache.set(DATA_RUNS_TO_KEY, dt.date(2000, 1, 1))
    multiply_history(1, seed=7, today=TODAY)
    assert f"runs to {real:%-d %B %Y}" in client.get("/about/").text


# --- The command: its own database, never the site's ------------------------------------


def manage(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    """manage.py generate_synthetic with the site's database in tmp_path/site.sqlite3."""
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
    }
    return subprocess.run(
        [sys.executable, "manage.py", "generate_synthetic", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_command_refuses_the_sites_own_database(tmp_path):
    site = tmp_path / "site.sqlite3"
    result = manage(tmp_path, "--scale", "1", "--database-url", f"sqlite:///{site}")
    assert result.returncode == 1
    assert "is the database this site is configured to use" in result.stderr
    assert not site.exists()


def test_the_command_builds_in_its_own_database_and_keeps_off_others(tmp_path):
    site, bench = tmp_path / "site.sqlite3", tmp_path / "bench.sqlite3"
    built = manage(tmp_path, "--scale", "1", "--database-url", f"sqlite:///{bench}")

    assert built.returncode == 0, built.stdout + built.stderr
    assert not site.exists()  # the site's database was never opened
    assert "progress updates" in built.stdout and "Scale 1 built in" in built.stdout
    with sqlite3.connect(bench) as db:
        areas = db.execute("SELECT count(*) FROM areas_area WHERE abolished_on IS NULL")
        assert areas.fetchone() == (153,)
        assert db.execute("SELECT count(*) FROM progress_progressupdate").fetchone()[0] > 1000

    kept = manage(tmp_path, "--scale", "1", "--database-url", f"sqlite:///{bench}", "--keep")
    assert kept.returncode == 0 and "Kept" in kept.stdout

    with sqlite3.connect(bench) as db:  # now it looks like someone's real data
        db.execute("DELETE FROM inspections_source WHERE title LIKE 'Synthetic history marker%'")
    refused = manage(tmp_path, "--scale", "1", "--database-url", f"sqlite:///{bench}")
    assert refused.returncode == 1
    assert "holds data that generate_synthetic did not build" in refused.stdout
    with sqlite3.connect(bench) as db:
        assert db.execute("SELECT count(*) FROM progress_progressupdate").fetchone()[0] > 1000
