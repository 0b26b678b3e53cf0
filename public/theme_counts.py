"""Weakness themes nationally: the counts behind /themes/ and a server-drawn bar chart.

Every function here runs a fixed number of queries, whatever the amount of data:
counts come from grouped aggregates (`values("theme").annotate(Count(...))`), never
from a query per theme.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.urls import reverse
from django.utils.http import urlencode

from inspections.models import (
    FRAMEWORK_2_FINDINGS,
    Finding,
    FindingKind,
    Inspection,
    InspectionKind,
    SignificantWeakness,
    Source,
    SourceKind,
    Theme,
    Verdict,
    WrittenStatementOfAction,
)
from inspections.sources import STATISTICS_TITLE

THEME_DESCRIPTIONS: dict[str, str] = {
    Theme.EHC_PLAN_QUALITY: "EHC plans that are vague, out of date or do not describe the "
    "child's needs and the help they will get, often with little advice from health or social "
    "care.",
    Theme.EHC_TIMELINESS: "EHC plans that take longer than the legal 20 weeks to be issued.",
    Theme.ANNUAL_REVIEWS: "Yearly reviews of EHC plans that are late, missed, or do not lead to "
    "the plan being updated.",
    Theme.JOINT_COMMISSIONING: "The council and the local NHS not planning and paying for "
    "services together, so the services children need are missing or patchy.",
    Theme.CO_PRODUCTION: "Families, children and young people not being involved as equal "
    "partners in planning their support and the area's services.",
    Theme.STRATEGY_LEADERSHIP: "Leaders without a clear, shared plan for SEND, or without an "
    "accurate picture of how well services work.",
    Theme.LOCAL_OFFER: "The council's guide to SEND services being hard to find, out of date or "
    "little known by families.",
    Theme.HEALTH_WAITING_TIMES: "Children waiting too long to see health services such as "
    "community paediatricians.",
    Theme.THERAPIES: "Too little speech and language, occupational or physiotherapy, or no "
    "clear plan for providing it.",
    Theme.NEURODEVELOPMENTAL: "Long waits for autism and ADHD assessments, and too little "
    "support while families wait.",
    Theme.PREPARATION_FOR_ADULTHOOD: "Young people not being helped early enough to plan for "
    "work, study, independent living and adult health services.",
    Theme.OUTCOMES_ACCOUNTABILITY: "No shared way of knowing whether children's lives are "
    "getting better, or who is responsible when they are not.",
    Theme.JOINT_WORKING: "Education, health and care services not sharing information or "
    "working together, so families repeat their story.",
    Theme.IDENTIFICATION: "Children's needs being spotted late or missed, in early years, "
    "schools or health services.",
    Theme.QUALITY_ASSURANCE: "Leaders not checking the quality of EHC plans and services well "
    "enough to know what needs to improve.",
    Theme.INFORMATION_ADVICE: "Families not getting the information, advice and support they "
    "need, including from SENDIASS.",
    Theme.INCLUSION: "Children with SEND missing school, being excluded or on part-time "
    "timetables more than others.",
    Theme.SUFFICIENCY: "Not enough suitable school or college places near home for children "
    "with SEND.",
    Theme.COMMUNICATION: "Families not being kept informed or listened to, and poor replies "
    "when they raise concerns.",
    Theme.OTHER: "Weaknesses that do not fit any of the other themes.",
}

BLUE = "#1d70b8"  # GOV.UK brand blue
GREEN = "#00703c"  # GOV.UK green
PURPLE = "#4c2c92"  # GOV.UK purple
TEXT = "#0b0c0c"  # GOV.UK text colour


@dataclass(frozen=True)
class ThemeCount:
    """How often one theme occurs nationally, and how revisits judged it."""

    theme: Theme
    weaknesses: int
    priority_actions: int
    improvements: int
    verdicts: int
    sufficient: int

    @property
    def label(self) -> str:
        return self.theme.label

    @property
    def description(self) -> str:
        return THEME_DESCRIPTIONS[self.theme]

    @property
    def framework_2(self) -> int:
        """Areas for priority action and for improvement (2023 framework)."""
        return self.priority_actions + self.improvements

    @property
    def total(self) -> int:
        return self.weaknesses + self.framework_2

    @property
    def sufficient_percent(self) -> int | None:
        """Revisit verdicts of sufficient progress, as a whole percentage; None if none."""
        if not self.verdicts:
            return None
        return round(100 * self.sufficient / self.verdicts)

    @property
    def sufficient_text(self) -> str:
        if not self.verdicts:
            return "No revisit verdicts held"
        return f"{self.sufficient} of {self.verdicts} ({self.sufficient_percent}%)"

    @property
    def areas_url(self) -> str:
        """The local areas list, filtered to areas with a weakness in this theme."""
        return f"{reverse('public:areas')}?{urlencode({'theme': self.theme.value})}"


def theme_counts() -> list[ThemeCount]:
    """Every theme with its counts (zeros included), most findings first, then by name.

    Two queries: weaknesses with their verdicts grouped by theme, and 2023-framework
    findings grouped by kind and theme.
    """
    weaknesses = {
        row["theme"]: row
        for row in SignificantWeakness.objects.order_by()
        .values("theme")
        .annotate(
            weakness_count=Count("pk", distinct=True),
            verdict_count=Count("verdicts"),
            sufficient_count=Count("verdicts", filter=Q(verdicts__verdict=Verdict.SUFFICIENT)),
        )
    }
    findings = {
        (kind, theme): count
        for kind, theme, count in Finding.objects.filter(kind__in=FRAMEWORK_2_FINDINGS)
        .exclude(theme="")
        .order_by()
        .values("kind", "theme")
        .annotate(count=Count("pk"))
        .values_list("kind", "theme", "count")
    }
    no_weaknesses: dict[str, int] = {}  # a theme no weakness has
    counts = [
        ThemeCount(
            theme=theme,
            weaknesses=weaknesses.get(theme, no_weaknesses).get("weakness_count", 0),
            priority_actions=findings.get((FindingKind.PRIORITY_ACTION, theme), 0),
            improvements=findings.get((FindingKind.IMPROVEMENT, theme), 0),
            verdicts=weaknesses.get(theme, no_weaknesses).get("verdict_count", 0),
            sufficient=weaknesses.get(theme, no_weaknesses).get("sufficient_count", 0),
        )
        for theme in Theme
    ]
    return sorted(counts, key=lambda c: (-c.total, -c.weaknesses, c.label.lower()))


@dataclass(frozen=True)
class Coverage:
    """How much of the national picture the entered letters cover: the honest caveat."""

    written_statements: int  # every WSOA held, from the statistics and other sources
    reported_weaknesses: int  # the official statistics' table's total of significant weaknesses
    statistics_written_statements: int  # the WSOAs in the statistics' table
    elsewhere: list[tuple[str, int]]  # WSOAs held from other sources: (area, weaknesses)
    letters_with_weaknesses: int  # WSOAs whose weaknesses are entered word for word
    reported_sufficient: int  # revisit verdicts of sufficient progress, per the statistics
    reported_not_sufficient: int
    priority_plans_required: int  # 2023-framework reports that required a priority action plan
    reported_priority_actions: int  # areas for priority action counted in the management info
    reports_with_priority_action_counts: int
    reports_with_findings: int  # 2023-framework reports whose findings are held word for word
    full_inspections: int  # every 2023-framework full inspection held

    @property
    def reported_verdicts(self) -> int:
        return self.reported_sufficient + self.reported_not_sufficient

    @property
    def reported_sufficient_percent(self) -> int | None:
        if not self.reported_verdicts:
            return None
        return round(100 * self.reported_sufficient / self.reported_verdicts)


def coverage() -> Coverage:
    """Three queries: one aggregate over WSOAs, the WSOAs the statistics' table leaves out,
    and one aggregate over inspections."""
    in_table = Q(
        Exists(
            Source.objects.filter(
                written_statements=OuterRef("pk"),
                kind=SourceKind.STATISTICS,
                title=STATISTICS_TITLE,
            )
        )
    )
    wsoas = WrittenStatementOfAction.objects.aggregate(
        count=Count("pk"),
        in_table=Count("pk", filter=in_table),
        reported=Sum("reported_weakness_count", filter=in_table, default=0),
        entered=Count(
            "pk", filter=Q(Exists(SignificantWeakness.objects.filter(wsoa=OuterRef("pk"))))
        ),
    )
    elsewhere = list(
        WrittenStatementOfAction.objects.exclude(in_table)
        .order_by("inspection__area__name")
        .values_list("inspection__area__name", "reported_weakness_count")
    )
    inspections = Inspection.objects.aggregate(
        sufficient=Sum("reported_sufficient", filter=Q(kind=InspectionKind.REVISIT), default=0),
        not_sufficient=Sum(
            "reported_not_sufficient", filter=Q(kind=InspectionKind.REVISIT), default=0
        ),
        plans=Count("pk", filter=Q(priority_action_plan_required=True)),
        priority_actions=Sum("reported_priority_actions", default=0),
        with_counts=Count("pk", filter=Q(reported_priority_actions__isnull=False)),
        with_findings=Count(
            "pk",
            filter=Q(
                Exists(
                    Finding.objects.filter(inspection=OuterRef("pk"), kind__in=FRAMEWORK_2_FINDINGS)
                )
            ),
        ),
        full=Count("pk", filter=Q(kind=InspectionKind.FULL)),
    )
    return Coverage(
        written_statements=wsoas["count"],
        reported_weaknesses=wsoas["reported"],
        statistics_written_statements=wsoas["in_table"],
        elsewhere=[(name, count or 0) for name, count in elsewhere],
        letters_with_weaknesses=wsoas["entered"],
        reported_sufficient=inspections["sufficient"],
        reported_not_sufficient=inspections["not_sufficient"],
        priority_plans_required=inspections["plans"],
        reported_priority_actions=inspections["priority_actions"],
        reports_with_priority_action_counts=inspections["with_counts"],
        reports_with_findings=inspections["with_findings"],
        full_inspections=inspections["full"],
    )


# --- A horizontal bar chart, drawn on the server as SVG ---------------------------


@dataclass(frozen=True)
class Series:
    name: str
    colour: str


@dataclass(frozen=True)
class Bar:
    """One bar with the words that say its value (so colour never carries meaning alone)."""

    x: float
    y: float
    width: float
    height: float
    colour: str
    text: str
    text_x: float
    text_y: float


@dataclass(frozen=True)
class ChartGroup:
    label: str
    label_y: float
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class LegendItem:
    name: str
    colour: str
    x: float
    y: float

    @property
    def text_x(self) -> float:
        return self.x + 26

    @property
    def text_y(self) -> float:
        return self.y + 14


@dataclass(frozen=True)
class BarChart:
    """Everything the template needs to draw the SVG; coordinates are viewBox units."""

    id: str
    title: str
    description: str
    width: int
    height: float
    legend: tuple[LegendItem, ...]
    groups: tuple[ChartGroup, ...]
    font_size: int
    small_font_size: int

    @property
    def title_id(self) -> str:
        return f"{self.id}-title"

    @property
    def description_id(self) -> str:
        return f"{self.id}-description"


def bar_chart(
    chart_id: str,
    title: str,
    description: str,
    series: Sequence[Series],
    groups: Sequence[tuple[str, Sequence[tuple[float, str]]]],
    *,
    width: int = 480,
    text_space: int = 220,
) -> BarChart:
    """Lays out one labelled group of bars per row, every bar on the same scale.

    groups: (label, [(value, text), ...]) with one (value, text) per series; the text
    is printed after the bar. The longest bar takes `width - text_space` units.
    """
    font_size, small_font_size = 16, 14
    bar_height, bar_gap, group_gap = 18, 4, 20
    largest = max((value for _, bars in groups for value, _ in bars), default=0) or 1
    scale = (width - text_space) / largest

    # One legend entry a line, so it fits however narrow the chart is drawn.
    legend = [
        LegendItem(item.name, item.colour, 0, index * (bar_height + bar_gap))
        for index, item in enumerate(series)
    ]
    y = float(len(series) * (bar_height + bar_gap) + group_gap)  # below the legend

    laid_out, bottom = [], y
    for label, values in groups:
        label_y = y + font_size
        y = label_y + 6
        bars = []
        for item, (value, text) in zip(series, values, strict=True):
            bar_width = round(max(value, 0) * scale, 1)
            bars.append(
                Bar(
                    x=0,
                    y=y,
                    width=bar_width,
                    height=bar_height,
                    colour=item.colour,
                    text=text,
                    text_x=bar_width + 8 if bar_width else 0,
                    text_y=y + bar_height - 4,
                )
            )
            bottom = y + bar_height
            y = bottom + bar_gap
        laid_out.append(ChartGroup(label, label_y, tuple(bars)))
        y = bottom + group_gap
    return BarChart(
        id=chart_id,
        title=title,
        description=description,
        width=width,
        height=bottom + 2,
        legend=tuple(legend),
        groups=tuple(laid_out),
        font_size=font_size,
        small_font_size=small_font_size,
    )


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    return f"{count} {singular if count == 1 else plural_form or singular + 's'}"


def themes_chart(counts: Sequence[ThemeCount]) -> BarChart | None:
    """For each theme with any finding: 2016-framework weaknesses, 2023-framework findings,
    and revisit verdicts of sufficient progress."""
    shown = [count for count in counts if count.total]
    if not shown:
        return None
    groups = []
    summaries = []
    for count in shown:
        weaknesses = plural(count.weaknesses, "weakness", "weaknesses")
        findings = plural(count.framework_2, "2023 finding")
        if count.verdicts:
            verdicts = f"{count.sufficient} of {plural(count.verdicts, 'verdict')} sufficient"
        else:
            verdicts = "no revisit verdicts held"
        groups.append(
            (
                count.label,
                [
                    (count.weaknesses, weaknesses),
                    (count.framework_2, findings),
                    (count.sufficient, verdicts),
                ],
            )
        )
        summaries.append(f"{count.label}: {weaknesses}, {findings}, {verdicts}.")
    total = sum(count.total for count in shown)
    description = (
        f"Bar chart of {plural(total, 'finding')} in {plural(len(shown), 'theme')}, most "
        "frequent first. For each theme, the first bar counts significant weaknesses (2016 "
        "framework), the second areas for priority action and for improvement (2023 "
        "framework), and the third revisit verdicts of sufficient progress. " + " ".join(summaries)
    )
    return bar_chart(
        "themes-chart",
        "Findings by theme in both frameworks, and how many weaknesses made sufficient progress",
        description,
        [
            Series("Significant weaknesses (2016 framework)", BLUE),
            Series("Areas for priority action and for improvement (2023 framework)", PURPLE),
            Series("Sufficient progress at revisit", GREEN),
        ],
        groups,
    )
