"""Loads the real national data shipped in national_data/data/ into the database.

Each loader is idempotent: it looks records up by their natural key (area and visit
date, area and decision kind and day, source citation) and updates them, so running
`load_national_data` twice changes nothing. Every record is validated before it is saved,
and the whole load runs in one transaction.
"""

from __future__ import annotations

from django.db import transaction

from areas.models import Area
from inspections import standing
from inspections.counted_verdicts import give_counted_verdicts
from national_data.areas import load_areas
from national_data.common import LoadReport
from national_data.decisions import load_decisions, load_wsoa_milestones, settle_wsoa_statuses
from national_data.monitoring import load_monitoring_inspections
from national_data.outcomes import (
    link_previous_visits,
    load_framework_2_outcomes,
    load_management_information,
)
from national_data.places import load_places
from national_data.shipped_letters import load_report_findings, load_seed_letters
from national_data.statistics import (
    load_former_area_inspections,
    load_framework_1_statistics,
    load_later_revisits,
)
from national_data.wording import load_weakness_wording

# --- Everything, in order ---------------------------------------------------------


@transaction.atomic
def load_national_data() -> LoadReport:
    report = LoadReport()
    # Each area's stored standing is worked out once, at the end, not after every save.
    with standing.batched():
        report.counts["local areas (153 today and 5 former ones)"] = load_areas()
        load_framework_1_statistics(report)
        load_later_revisits(report)
        load_former_area_inspections(report)
        load_framework_2_outcomes(report)
        load_management_information(report)
        link_previous_visits(report)
        load_seed_letters(report)
        load_report_findings(report)
        load_weakness_wording(report)
        report.counts["verdicts worked out from a revisit's count"] = give_counted_verdicts()
        load_wsoa_milestones(report)
        load_monitoring_inspections(report)
        load_decisions(report)
        settle_wsoa_statuses()
        load_places(report)
        # Areas new to this database, or loaded before their standing was stored. A reload
        # that changes nothing stamps nothing, so cached pages stay valid.
        standing.note_changed(
            Area.objects.filter(changed_at__isnull=True).values_list("pk", flat=True)
        )
    return report
