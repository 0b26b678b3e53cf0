"""The shapes of the API's answers; django-ninja turns them into the OpenAPI document."""

from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field


class Label(Schema):
    key: str = Field(description="A stable key: it never changes when the wording does.")
    label: str = Field(description="The words the site shows for it.")


class Expected(Schema):
    label: str = Field(description="What the rules expect next, such as “Next full inspection”.")
    date: dt.date | None = Field(description="When, if the rules give a date.")
    basis: str = Field(description="The rule or fact the date rests on, in plain words.")
    date_passed_without_record: bool = Field(
        description="The date is before the date the data runs to and the tracker holds no "
        "record of the event. This does not mean it is late: only that no record is held."
    )
    date_precision: str = Field(
        description="“day” where a source gives the date itself (shown as “by” that day), "
        "“month” where it is worked out from a rule of thumb (shown as “around” that month)."
    )
    date_passed_since_data_end: bool = Field(
        description="The date (or month) has passed by today, but it is after the date the "
        "data runs to: the tracker cannot say whether the event has happened."
    )


class SourceOut(Schema):
    kind: Label
    title: str
    url: str = Field(description="Its web address; empty where none is known.")
    published_on: dt.date | None
    not_linked: str = Field(
        description="Where url is empty: why, and where the document can be found."
    )
    found_at_url: str = Field(
        description="Where url is empty: a page that holds or links the document, if known."
    )


class AreaSummary(Schema):
    slug: str = Field(description="The area's key in this API and on the site.")
    name: str
    dfe_code: str = Field(description="The DfE 3-digit local authority code.")
    ons_code: str = Field(description="The ONS (GSS) code, such as E06000056.")
    region: Label
    status: Label = Field(
        description="Where the area stands now: its 2023-framework outcome if it has one, "
        "otherwise its 2016-framework status."
    )
    framework_1_status: Label
    framework_2_status: Label
    framework_2_outcome: int | None = Field(
        description="1, 2 or 3: the outcome of the latest 2023-framework full inspection."
    )
    framework_2_outcome_label: str | None
    next_expected: Expected | None = Field(
        description="What happens next, worked out from the rules; none for a former area."
    )
    page_url: str = Field(description="The area's page on this site (a path).")


class FindingOut(Schema):
    kind: Label
    heading: Label | None = Field(description="A 2016-framework letter's heading, if any.")
    number: int
    title: str
    text: str = Field(description="The finding in the report's own words.")
    theme: Label | None
    responsible_body: str = Field(
        description="For an area for priority action, the body the report makes responsible."
    )


class MonitoringFindingOut(Schema):
    priority_action: Label = Field(
        description="The area for priority action, by its number in the report before."
    )
    verdict: Label = Field(
        description="effective or not_effective: whether the partnership is taking effective "
        "action on it."
    )
    words: str = Field(description="The inspectors' words, where the report is held.")
    source: SourceOut | None


class ReportedDateOut(Schema):
    event: Label
    date: dt.date
    source: SourceOut


class InspectionOut(Schema):
    framework: Label
    kind: Label
    visit_start: dt.date | None
    visit_end: dt.date | None
    visit_precision: str = Field(
        description="day, month (stored as the month's first day) or on_or_before."
    )
    letter_date: dt.date | None
    published_on: dt.date | None
    published_precision: str = Field(
        description="day, or month where only the month of publication is known (stored as "
        "the month's first day)."
    )
    report_url: str
    summary: str
    wsoa_required: bool | None
    revisit_of: dt.date | None = Field(
        description="For a revisit: the visit start of the inspection whose written statement "
        "of action it checked."
    )
    revisit_result: Label | None
    reported_sufficient: int | None = Field(
        description="Weaknesses with sufficient progress, as the statistics count them."
    )
    reported_not_sufficient: int | None
    outcome: int | None
    outcome_label: str | None
    outcome_basis: str = Field(
        description="Where neither the report nor Ofsted's outcomes table gave the outcome: "
        "the public pages it is taken from and what they say (they are among the sources). "
        "Empty otherwise."
    )
    next_inspection_by: dt.date | None = Field(
        description="The date Ofsted's report page gives for the next inspection: the next "
        "full inspection after outcome 1 or 2, the monitoring inspection after outcome 3."
    )
    findings: list[FindingOut]
    monitoring_findings: list[MonitoringFindingOut] = Field(
        description="For a 2023-framework monitoring inspection: what it found on each area "
        "for priority action of the report before it (no new outcome)."
    )
    reported_dates: list[ReportedDateOut] = Field(
        description="Dates as each source gives them, kept where sources disagree."
    )
    sources: list[SourceOut]


class VerdictOut(Schema):
    verdict: Label
    basis: Label = Field(
        description="letter: given on this weakness in the revisit letter; count: worked out "
        "from the revisit's count, which found every weakness (or none) sufficient."
    )
    narrative: str
    revisit_visit_start: dt.date | None
    revisit_published_on: dt.date | None


class WeaknessOut(Schema):
    reference: str = Field(description="Its public reference, such as CB-2019-3.")
    number: int
    title: str
    text: str = Field(description="The weakness in the letter's own words.")
    wording_complete: bool = Field(description="False where the only copy found is cut off.")
    theme: Label
    latest_verdict: Label | None = Field(description="The latest revisit's verdict, if any.")
    verdict_note: str = Field(
        description="Where the weakness has no verdict of its own: why, or what is known (a "
        "revisit that judged the plan but whose verdict on each weakness is not held). Empty "
        "where it has a verdict."
    )
    verdicts: list[VerdictOut]
    page_url: str


class AreaRef(Schema):
    slug: str
    name: str
    dfe_code: str
    region: Label


class WeaknessListItem(WeaknessOut):
    area: AreaRef
    inspection_visit_start: dt.date | None = Field(
        description="When the inspection that found it began."
    )
    wsoa_status: Label


class WsoaOut(Schema):
    inspection_visit_start: dt.date | None = Field(
        description="The visit start of the inspection that required it."
    )
    status: Label
    responsible_bodies: str
    submitted_on: dt.date | None
    submitted_precision: str
    fit_for_purpose_on: dt.date | None
    fit_for_purpose_precision: str
    revisit_due: dt.date | None = Field(description="About 18 months after fit for purpose.")
    reported_weakness_count: int | None
    weaknesses: list[WeaknessOut]
    sources: list[SourceOut]


class DecisionOut(Schema):
    kind: Label
    decided_on: dt.date
    date_precision: str = Field(
        description="day, month (stored as the month's first day) or on_or_before."
    )
    notes: str
    wsoa_inspection_visit_start: dt.date | None = Field(
        description="For a decision on a written statement of action: the visit start of the "
        "inspection that required it."
    )
    inspection_visit_start: dt.date | None = Field(
        description="For a decision that follows a 2023-framework inspection (such as an "
        "improvement notice after an outcome 3): that inspection's visit start."
    )
    sources: list[SourceOut]


class ProgressUpdateOut(Schema):
    date: dt.date
    rag: Label
    summary: str
    details: str
    next_steps: str
    evidence_links: list[str]
    weakness_reference: str | None
    finding: Label | None = Field(
        description="For an update on a 2023-framework finding: its kind and number."
    )
    updated_at: dt.datetime


class EventOut(Schema):
    date: dt.date | None
    date_end: dt.date | None
    precision: str
    title: str
    kind: str
    expected: bool


class AreaDetail(AreaSummary):
    council_name: str
    health_partner_name: str
    area_type: Label | None
    abolished_on: dt.date | None
    predecessors: list[str] = Field(description="Slugs of the areas this one replaced.")
    successors: list[str] = Field(description="Slugs of the areas that replaced this one.")
    inspections: list[InspectionOut] = Field(
        description="The latest 4 inspections, oldest first (every one with ?history=all)."
    )
    inspections_total: int = Field(description="How many inspections the tracker holds in all.")
    written_statements: list[WsoaOut] = Field(
        description="The latest written statement of action (every one with ?history=all)."
    )
    written_statements_total: int
    decisions: list[DecisionOut] = Field(
        description="The latest 6 decisions, oldest first (every one with ?history=all)."
    )
    decisions_total: int
    progress_updates: list[ProgressUpdateOut] = Field(
        description="Councils' public progress updates, latest first (withdrawn and internal "
        "ones are left out): the latest 50, or every one with ?history=all."
    )
    progress_updates_total: int
    whole_history: bool = Field(description="Whether this is the whole history (?history=all).")
    timeline: list[EventOut] = Field(
        description="The latest 12 events, oldest first, then what is expected next, as the area "
        "page shows them (every event with ?history=all)."
    )
    timeline_total: int
    data_runs_to: dt.date | None = Field(
        description="The latest letter, report or decision the tracker holds."
    )


class Message(Schema):
    detail: str
