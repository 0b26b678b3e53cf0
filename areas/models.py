"""Local areas: the footprint of one English local authority and its health partners."""

from __future__ import annotations

import datetime as dt
import re

from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from areas import statuses
from areas.statuses import Expected, Status

# Words people add to an area's name that do not tell areas apart.
NAME_NOISE = re.compile(
    r"\b(the|council|borough|city|county|metropolitan|district|royal|of|london)\b"
)


def search_key(text: str) -> str:
    """'St. Helens Council' and 'st helens' both become 'st helens'."""
    text = text.lower().replace("&", " and ")
    text = re.sub(r"[^a-z0-9 ]+", " ", text)
    return " ".join(NAME_NOISE.sub(" ", text).split())


def _starts_words(wanted: str, name: str) -> bool:
    """Every word typed starts a word of the name, in order: 'kings th' finds Kingston upon Thames."""
    words = name.split()
    position = 0
    for typed in wanted.split():
        while position < len(words) and not words[position].startswith(typed):
            position += 1
        if position == len(words):
            return False
        position += 1
    return bool(wanted)


GENERIC_NAME_WORDS = {"borough", "city", "of", "county", "metropolitan", "district", "royal"}


def _name_words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower().replace("&", " and ")))


class Region(models.TextChoices):
    NORTH_EAST = "north-east", "North East"
    NORTH_WEST = "north-west", "North West"
    YORKSHIRE = "yorkshire-and-the-humber", "Yorkshire and the Humber"
    EAST_MIDLANDS = "east-midlands", "East Midlands"
    WEST_MIDLANDS = "west-midlands", "West Midlands"
    EAST = "east-of-england", "East of England"
    LONDON = "london", "London"
    SOUTH_EAST = "south-east", "South East"
    SOUTH_WEST = "south-west", "South West"


class AreaType(models.TextChoices):
    COUNTY = "county", "County council"
    UNITARY = "unitary", "Unitary authority"
    METROPOLITAN = "metropolitan", "Metropolitan district"
    LONDON_BOROUGH = "london-borough", "London borough"


class AreaQuerySet(models.QuerySet["Area"]):
    def current(self) -> AreaQuerySet:
        """Areas that exist today (153 since April 2023)."""
        return self.filter(abolished_on__isnull=True)

    def former(self) -> AreaQuerySet:
        return self.filter(abolished_on__isnull=False)

    def matching(self, query: str) -> AreaQuerySet:
        """Areas whose name, other names, council or codes contain what someone typed."""
        wanted = search_key(query)
        code = query.strip().upper()
        if not wanted and not code:
            return self.none()
        found = [
            pk
            for pk, name, aliases, council, dfe, ons in self.values_list(
                "pk", "name", "also_known_as", "council_name", "code", "ons_code"
            )
            if code in (dfe, ons)
            or any(_starts_words(wanted, search_key(n)) for n in [name, council, *aliases] if n)
        ]
        # A former area's name also finds the areas that replaced it ("Cumbria": Cumberland).
        successors = Area.predecessors.through.objects.filter(to_area__in=found).values_list(
            "from_area", flat=True
        )
        return self.filter(models.Q(pk__in=found) | models.Q(pk__in=list(successors)))

    def named(self, name: str | None) -> Area | None:
        """The area a letter, report or table names: by its name, another name or its
        council's, whatever the case, punctuation or a leading "the" or trailing "council";
        failing that, by the words that tell areas apart ("Bedford" for Bedford Borough,
        "City of York" for York), among today's areas and only when exactly one fits."""
        if not name:
            return None
        wanted = _name_words(
            re.sub(r"\b(local area partnership|council|the)\b", "", name, flags=re.I)
        )
        for area in self:
            names = [area.name, *area.also_known_as, area.council_name]
            if any(_name_words(n) == wanted for n in names if n):
                return area
        wanted_words = set(wanted.split()) - GENERIC_NAME_WORDS
        candidates = [
            area
            for area in self.current()
            if wanted_words
            and set(_name_words(area.name).split()) - GENERIC_NAME_WORDS == wanted_words
        ]
        return candidates[0] if len(candidates) == 1 else None

    def with_code(self, code: str) -> Area | None:
        """The area that has, or once had, this DfE or ONS code."""
        code = code.strip()
        match = self.filter(models.Q(code=code) | models.Q(ons_code=code)).first()
        if match:
            return match
        for area in self.exclude(former_ons_codes=[]):
            if code in area.former_ons_codes:
                return area
        return None


class Area(models.Model):
    """A local area: one council's footprint, inspected jointly by Ofsted and CQC.

    Keyed on the DfE 3-digit code, which survives ONS code changes
    (Buckinghamshire E10000002 -> E06000060 kept code 825).
    """

    code = models.CharField(
        "DfE code", max_length=3, unique=True, help_text="The DfE 3-digit local authority code."
    )
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=120)
    abbreviation = models.CharField(
        max_length=8,
        unique=True,
        help_text="Short prefix for public weakness references, such as CB in CB-2019-3.",
    )
    ons_code = models.CharField("ONS code", max_length=9, blank=True)
    former_ons_codes = models.JSONField(
        "former ONS codes", default=list, blank=True, help_text="Codes this area was known by."
    )
    also_known_as = models.JSONField(default=list, blank=True)
    ofsted_urn = models.CharField("Ofsted URN", max_length=10, blank=True)
    region = models.CharField(max_length=30, choices=Region.choices)
    area_type = models.CharField("type", max_length=20, choices=AreaType.choices, blank=True)
    population_0_25 = models.PositiveIntegerField("population aged 0 to 25", null=True, blank=True)
    council_name = models.CharField(max_length=160, blank=True)
    health_partner_name = models.CharField(
        max_length=200,
        blank=True,
        help_text="The NHS body that commissions health services: a CCG until June 2022, "
        "an integrated care board (ICB) since July 2022.",
    )
    website = models.URLField(blank=True)
    statistical_neighbours = models.JSONField(
        default=list,
        blank=True,
        help_text="DfE codes of the ten areas most like this one (DfE's statistical neighbours), "
        "closest first.",
    )
    abolished_on = models.DateField(
        null=True, blank=True, help_text="Set for areas that were split or merged away."
    )
    predecessors = models.ManyToManyField(
        "self",
        symmetrical=False,
        related_name="successors",
        blank=True,
        help_text="Areas this one replaced, such as Cumbria for Cumberland.",
    )

    # Where the area stands now, worked out from its history (inspections/status.py) and
    # stored by inspections/standing.py whenever anything its pages show changes. Never edited
    # by hand; every page reads these, through `current_status` and `next_expected` below.
    framework_1_status = models.CharField(
        "2016-framework status", max_length=40, blank=True, editable=False, db_index=True
    )
    framework_2_status = models.CharField(
        "2023-framework status", max_length=40, blank=True, editable=False, db_index=True
    )
    next_expected_label = models.CharField(max_length=120, blank=True, editable=False)
    next_expected_on = models.DateField(null=True, blank=True, editable=False)
    next_expected_basis = models.TextField(blank=True, editable=False)
    next_expected_precision = models.CharField(max_length=5, blank=True, editable=False)
    changed_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When anything this area's public pages show last changed (its own records, "
        "or a statistical neighbour's status): the version its cached pages and ETags follow.",
    )

    history = HistoricalRecords(
        excluded_fields=[
            "framework_1_status",
            "framework_2_status",
            "next_expected_label",
            "next_expected_on",
            "next_expected_basis",
            "next_expected_precision",
            "changed_at",
        ]
    )

    objects = AreaQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[0-9]{3}$"),
                name="areas_area_code_three_digits",
                violation_error_message="A DfE code is three digits, such as 823.",
            ),
            models.UniqueConstraint(
                fields=["ons_code"],
                condition=~models.Q(ons_code=""),
                name="areas_area_unique_ons_code",
                violation_error_message="Another area already has this ONS code.",
            ),
            models.CheckConstraint(
                condition=models.Q(ons_code="") | models.Q(ons_code__regex=r"^E[0-9]{8}$"),
                name="areas_area_ons_code_format",
                violation_error_message="An ONS code looks like E06000056.",
            ),
        ]

    def __str__(self) -> str:
        if self.abolished_on:
            return f"{self.name} (to {self.abolished_on:%Y})"
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("public:area", args=[self.slug])

    @property
    def is_current(self) -> bool:
        return self.abolished_on is None

    # --- Where the area stands, as stored ----------------------------------------------

    @property
    def framework_1(self) -> Status:
        return statuses.status_of_key(self.framework_1_status)

    @property
    def framework_2(self) -> Status:
        return statuses.status_of_key(self.framework_2_status)

    @property
    def current_status(self) -> Status:
        """Where the area stands now (the one rule: `areas.statuses.shown_status`)."""
        return statuses.shown_status(self.framework_1, self.framework_2)

    @property
    def map_status(self) -> Status:
        return statuses.map_status(self.framework_2)

    def next_expected(self, as_of: dt.date | None, today: dt.date | None = None) -> Expected | None:
        """The next expected event as stored, read against the date the data runs to
        (`inspections.runs_to.data_runs_to()`) and today (by default, today's date)."""
        if not self.next_expected_label:
            return None
        return Expected(
            self.next_expected_label,
            self.next_expected_on,
            self.next_expected_basis,
            as_of,
            self.next_expected_precision or "month",
            today or timezone.localdate(),
        )


class MistakeReport(models.Model):
    """A member of the public's report that something on an area's page is wrong, or their
    feedback on the site (from the beta banner's link, about an area or none).

    Seen by admins only; nothing of it is shown on the site.
    """

    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        related_name="mistake_reports",
        null=True,
        blank=True,
        help_text="Empty for feedback about the site as a whole.",
    )
    what_is_wrong = models.TextField(max_length=2000)
    email = models.EmailField("email address", blank=True)
    page = models.CharField(max_length=300, blank=True, help_text="The page it was sent from.")
    received_at = models.DateTimeField(auto_now_add=True)
    dealt_with = models.BooleanField(default=False)
    notes = models.TextField(blank=True, help_text="What an admin checked or changed.")

    class Meta:
        ordering = ["-received_at"]

    def __str__(self) -> str:
        about = self.area.name if self.area else "The site"
        return f"{about}, {self.received_at:%-d %B %Y}: {self.what_is_wrong[:60]}"


# --- Where places and postcodes lie (loaded from national_data/data/places/) ------------


class Place(models.Model):
    """A town or village, as ONS drew it in 2011 (a built-up area, or a sub-division of one
    such as Watford inside Greater London's), and one council it lies in.

    A place in two councils has a row in each, with the number of its 2001 small areas
    (LSOAs) there; a place too small for one has 0 in each.
    """

    class Kind(models.TextChoices):
        BUILT_UP_AREA = "BUA", "Built-up area"
        SUB_DIVISION = "BUASD", "Built-up area sub-division"

    name = models.CharField(max_length=100)
    key = models.CharField(max_length=100, db_index=True, help_text="The name as searched.")
    qualifier = models.CharField(
        max_length=60, blank=True, help_text="What ONS adds to tell places of one name apart."
    )
    code = models.CharField("ONS code", max_length=9)
    kind = models.CharField(max_length=5, choices=Kind.choices)
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="places")
    small_areas = models.PositiveIntegerField(
        default=0, help_text="The place's 2001 small areas (LSOAs) in this council."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["code", "area"],
                name="areas_place_unique_code_area",
                violation_error_message="This place already has a row for this area.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.qualifier})" if self.qualifier else self.name


class PostcodeUnit(models.Model):
    """A postcode district (WD17) or sector (WD17 1), and one council it reaches, with the
    share of its postcodes there. Welsh and Scottish councils have no area."""

    unit = models.CharField(max_length=6, db_index=True)
    council_code = models.CharField(max_length=9)
    council_name = models.CharField(max_length=100)
    area = models.ForeignKey(
        Area, on_delete=models.CASCADE, null=True, blank=True, related_name="postcode_units"
    )
    share = models.FloatField(help_text="The share of the unit's postcodes in this council.")
    rank = models.PositiveSmallIntegerField(help_text="1 for the council with most postcodes.")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "council_code"],
                name="areas_postcodeunit_unique_unit_council",
                violation_error_message="This postcode unit already has a row for this council.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit}: {self.council_name}"


class PostcodeException(models.Model):
    """A postcode in another council than most of its sector's postcodes."""

    postcode = models.CharField(max_length=8, unique=True)
    council_code = models.CharField(max_length=9)
    area = models.ForeignKey(
        Area, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return self.postcode
