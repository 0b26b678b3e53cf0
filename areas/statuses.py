"""The statuses an area can have, and what each shows: one table for pages, map and filters.

Every status has a key (`StatusKey`, stored on the area in `Area.framework_1_status` and
`Area.framework_2_status`) and one row in `STATUSES`: its label, its govuk-tag colour, its
plain words, the /areas/ filter it links to and, for the statuses the map draws, the hex's
fill and label. Which status is worked out for an area lives in `inspections/status.py`;
which of an area's two statuses to show is `shown_status` below, the one rule for it.

Nothing here reads the database or imports another app, so the area model and the map (the
lowest layer) can read it as well as every app above.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from django.db import models


class StatusKey(models.TextChoices):
    OUTCOME_1 = "outcome-1"
    OUTCOME_2 = "outcome-2"
    OUTCOME_3 = "outcome-3"
    OUTCOME_3_IMPROVEMENT_NOTICE = "outcome-3-improvement-notice"
    WSOA_OPEN = "wsoa-open"
    AWAITING_REVISIT = "awaiting-revisit"
    REVISIT_ALL = "revisit-all"
    REVISIT_SOME = "revisit-some"
    REVISIT_NONE = "revisit-none"
    DFE_DECISION = "dfe-decision"
    WSOA_SUPERSEDED = "wsoa-superseded"
    WSOA_SIGNED_OFF = "wsoa-signed-off"
    WSOA_NEVER_REVISITED = "wsoa-never-revisited"
    INTERVENTION_LIFTED = "intervention-lifted"
    NO_WSOA = "no-wsoa"
    NO_OWN_INSPECTION = "no-own-inspection"
    NOT_INSPECTED = "not-inspected"
    FORMER_NOT_INSPECTED = "former-not-inspected"
    FORMER_AREA = "former-area"
    F2_OUTCOME_UNKNOWN = "f2-outcome-unknown"
    F2_PENDING = "f2-pending"


@dataclass(frozen=True)
class MapHex:
    """How the map draws an area in this status: a fill, and a label so colour is not the
    only cue."""

    fill: str
    text: str
    text_colour: str


@dataclass(frozen=True)
class Status:
    key: str
    label: str
    colour: str  # a govuk-tag modifier; the label always carries the meaning too
    plain: str
    hex: MapHex | None = None  # only the 2023-framework statuses are drawn on the map
    outcome: int | None = None  # the 2023-framework outcome this status rests on, if any

    @property
    def outcome_alone(self) -> bool:
        """The status is an outcome and nothing more ("outcome-3"): the outcome filter's."""
        return self.outcome is not None and self.key == f"outcome-{self.outcome}"

    @property
    def filter_query(self) -> str:
        """The /areas/ query that lists the areas in this status."""
        if self.outcome_alone:
            return f"outcome={self.outcome}"
        return f"status={self.key}"

    # What the map's template reads (a status drawn on the map has a `hex`).
    @property
    def fill(self) -> str:
        return self.hex.fill if self.hex else ""

    @property
    def text(self) -> str:
        return self.hex.text if self.hex else ""

    @property
    def text_colour(self) -> str:
        return self.hex.text_colour if self.hex else ""


K = StatusKey
STATUSES: dict[str, Status] = {
    str(s.key): replace(s, key=str(s.key))  # plain strings, as stored and published
    for s in [
        Status(
            K.OUTCOME_1,
            "Outcome 1: typically positive",
            "green",
            "Most families have positive experiences.",
            MapHex("#00703c", "1", "#ffffff"),
            outcome=1,
        ),
        Status(
            K.OUTCOME_2,
            "Outcome 2: inconsistent",
            "yellow",
            "Experiences vary; the partnership must improve.",
            MapHex("#ffdd00", "2", "#0b0c0c"),
            outcome=2,
        ),
        Status(
            K.OUTCOME_3,
            "Outcome 3: widespread failings",
            "red",
            "Serious concerns; urgent action and a monitoring inspection.",
            MapHex("#d4351c", "3", "#ffffff"),
            outcome=3,
        ),
        Status(
            # Drawn on the map as outcome 3 (`map_status`), counted with it, and listed by
            # the outcome 3 filter as well as by its own.
            K.OUTCOME_3_IMPROVEMENT_NOTICE,
            "Outcome 3 and a DfE improvement notice",
            "red",
            "Serious concerns; urgent action and a monitoring inspection. After the "
            "inspection the government also issued an improvement notice: a formal warning "
            "that services must improve.",
            outcome=3,
        ),
        Status(
            K.WSOA_OPEN,
            "Written statement of action open",
            "orange",
            "The area must fix significant weaknesses; no revisit yet.",
        ),
        Status(
            K.AWAITING_REVISIT,
            "Awaiting revisit",
            "orange",
            "The plan was accepted; inspectors will come back to check progress.",
        ),
        Status(
            K.REVISIT_ALL,
            "Revisit: progress on all weaknesses",
            "green",
            "Inspectors found enough progress on every weakness.",
        ),
        Status(
            K.REVISIT_SOME,
            "Revisit: progress on some weaknesses",
            "yellow",
            "Some weaknesses improved enough; others did not.",
        ),
        Status(
            K.REVISIT_NONE,
            "Revisit: progress on no weaknesses",
            "red",
            "No weakness had improved enough.",
        ),
        Status(
            K.DFE_DECISION,
            "DfE and NHS England intervention",
            "red",
            "The government has stepped in, for example with an improvement notice.",
        ),
        Status(
            K.WSOA_SUPERSEDED,
            "Written statement of action overtaken by the 2023 framework",
            "grey",
            "No revisit: a 2023-framework inspection came first.",
        ),
        Status(
            K.WSOA_SIGNED_OFF,
            "Written statement of action signed off",
            "green",
            "DfE and NHS England signed the plan off without a revisit.",
        ),
        Status(
            K.WSOA_NEVER_REVISITED,
            "Written statement of action: no revisit recorded",
            "orange",
            "No revisit of this plan is recorded, and 2016-framework revisits ended in "
            "December 2022.",
        ),
        Status(
            K.INTERVENTION_LIFTED,
            "Improvement notice lifted",
            "green",
            "DfE and NHS England withdrew their formal warning because services improved.",
        ),
        Status(
            K.NO_WSOA,
            "No significant weaknesses (2016 framework)",
            "grey",
            "The last inspection did not require a written statement of action.",
        ),
        Status(
            K.NO_OWN_INSPECTION,
            "Not inspected as this area under the 2016 framework",
            "grey",
            "The area was formed after its 2016-framework inspection: see the former areas.",
        ),
        Status(
            K.NOT_INSPECTED,
            "Not yet inspected",
            "grey",
            "No inspection is recorded for this area.",
        ),
        Status(
            K.FORMER_NOT_INSPECTED,
            "No inspection recorded",
            "grey",
            "The official statistics record no inspection of this area before it was "
            "reorganised away.",
        ),
        Status(
            K.FORMER_AREA,
            "Replaced by newer areas",
            "grey",
            "This area was reorganised away; the areas that replaced it are inspected instead.",
        ),
        Status(
            K.F2_OUTCOME_UNKNOWN,
            "Inspected: outcome not held here",
            "grey",
            "Inspectors visited under the 2023 framework, but the tracker does not hold the "
            "outcome: read the report.",
            MapHex("#ffffff", "?", "#0b0c0c"),
        ),
        Status(
            K.F2_PENDING,
            "Not yet inspected under the 2023 framework",
            "grey",
            "No report under the current framework yet.",
            MapHex("#b1b4b6", "–", "#0b0c0c"),
        ),
    ]
}
del K


def status_of_key(key: str) -> Status:
    """The status a stored key names."""
    return STATUSES[key]


def shown_status(framework_1: Status, framework_2: Status) -> Status:
    """Which of an area's two statuses says where it stands now: its 2023-framework status once
    it has been inspected under that framework, otherwise its 2016-framework one (also for a
    former area, whose last result is the 2016 framework's)."""
    if framework_2.key in (StatusKey.F2_PENDING, StatusKey.FORMER_AREA):
        return framework_1
    return framework_2


def map_status(framework_2: Status) -> Status:
    """How the map draws an area: by its 2023-framework status (an outcome with a DfE notice
    as the outcome), grey until it has one."""
    if framework_2.hex:
        return framework_2
    if framework_2.outcome:
        return STATUSES[f"outcome-{framework_2.outcome}"]
    return STATUSES[StatusKey.F2_PENDING]


def statuses_with_outcome(outcome: int) -> list[str]:
    """The keys of every status that rests on this 2023-framework outcome."""
    return [key for key, status in STATUSES.items() if status.outcome == outcome]


@dataclass(frozen=True)
class Expected:
    """What should happen next, when, and what that rests on."""

    label: str
    date: dt.date | None
    basis: str = ""  # the rule or fact the date comes from, in plain words
    as_of: dt.date | None = None  # the date the data runs to
    # "month" where the date comes from a rule of thumb ("about 18 months after"), "day"
    # where a source gives the date itself.
    precision: str = "month"

    # Today, where the reader needs to know whether the date has passed since the data's end.
    today: dt.date | None = None

    @property
    def overdue(self) -> bool:
        """Expected before the data's last date, and not in the data."""
        return self.date is not None and self.as_of is not None and self.date < self.as_of

    @property
    def passed_since_data(self) -> bool:
        """Expected after the date the data runs to, but before today: the date has passed,
        and the data cannot tell whether the event happened. A month counts as passed once
        it is over."""
        if self.date is None or self.today is None or self.overdue:
            return False
        if self.precision == "month":
            month_over = (self.date.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            return month_over <= self.today
        return self.date < self.today

    @property
    def when(self) -> str:
        """ "by 20 November 2026" where a source gives the day, "around November 2026" where
        the date is worked out from a rule of thumb."""
        if self.date is None:
            return ""
        if self.precision == "day":
            return f"by {self.date:%-d %B %Y}"
        return f"around {self.date:%B %Y}"
