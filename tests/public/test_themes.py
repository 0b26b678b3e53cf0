"""The weakness themes page: national counts by theme, the SVG chart and its table."""

import re
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inspections import standing
from inspections.models import (
    Finding,
    FindingKind,
    RevisitVerdict,
    SignificantWeakness,
    Theme,
    Verdict,
)
from public.theme_counts import (
    BLUE,
    THEME_DESCRIPTIONS,
    Series,
    bar_chart,
    theme_counts,
    themes_chart,
)
from tests.factories import PriorityActionFactory, RevisitFactory, WeaknessFactory, WsoaFactory

pytestmark = pytest.mark.django_db

# The page's queries: weaknesses by theme, 2023-framework findings by kind and theme, two
# coverage aggregates, the WSOAs the statistics' table leaves out, the date the data runs
# to and the last check for new reports (each then cached).
THEMES_PAGE_QUERIES = 7


def expected_counts() -> dict[str, tuple[int, int, int]]:
    """(weaknesses, sufficient verdicts, all verdicts) per theme, counted the slow way."""
    weaknesses = Counter(SignificantWeakness.objects.values_list("theme", flat=True))
    verdicts = Counter(RevisitVerdict.objects.values_list("weakness__theme", flat=True))
    sufficient = Counter(
        RevisitVerdict.objects.filter(verdict=Verdict.SUFFICIENT).values_list(
            "weakness__theme", flat=True
        )
    )
    return {theme: (weaknesses[theme], sufficient[theme], verdicts[theme]) for theme in Theme}


def chart_svg(content: str) -> str:
    match = re.search(r"<svg\b.*?</svg>", content, re.S)
    assert match, "the page has no inline SVG chart"
    return match.group(0)


def table_row(content: str, theme: str) -> str:
    match = re.search(rf'<tr class="govuk-table__row" id="theme-{theme}">(.*?)</tr>', content, re.S)
    assert match, f"no table row for {theme}"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


def test_themes_page_counts_each_theme_and_its_sufficient_rate(client):
    response = client.get("/themes/")

    assert response.status_code == 200
    assert response.context["nav"] == "themes"
    counts = {count.theme: count for count in response.context["counts"]}
    for theme, (weaknesses, sufficient, verdicts) in expected_counts().items():
        count = counts[theme]
        assert (count.weaknesses, count.sufficient, count.verdicts) == (
            weaknesses,
            sufficient,
            verdicts,
        ), theme
    # Checked by hand against the letters: of the weaknesses revisited, Central Bedfordshire's
    # weakness 1 (not sufficient) and Luton's weakness 4 (sufficient) are about EHC plans, and
    # so is Kent's sixth, not sufficient by the revisit's count (none of the nine was).
    # Surrey's is not counted: its revisit found 4 of 5 sufficient, and which 4 is not known.
    ehc_quality = counts[Theme.EHC_PLAN_QUALITY]
    assert (ehc_quality.sufficient, ehc_quality.verdicts) == (1, 3)
    assert ehc_quality.sufficient_percent == 33
    findings = Finding.objects.filter(theme=Theme.EHC_PLAN_QUALITY)
    row = table_row(response.content.decode(), "ehc_plan_quality")
    assert row.startswith("EHC plan quality")
    assert (
        f"{ehc_quality.weaknesses} {findings.filter(kind='priority_action').count()} "
        f"{findings.filter(kind='improvement').count()} 1 of 3 (33%)"
    ) in row


def test_a_theme_not_yet_revisited_says_there_are_no_verdicts_yet(client):
    # Buckinghamshire's 2022 weaknesses (therapies among them) have had no revisit.
    assert not RevisitVerdict.objects.filter(weakness__theme=Theme.THERAPIES).exists()

    content = client.get("/themes/").content.decode()

    therapies = next(c for c in theme_counts() if c.theme == Theme.THERAPIES)
    assert "No revisit verdicts held" in table_row(content, "therapies")
    assert (
        f"Therapies: {therapies.weaknesses} weakness{'es' if therapies.weaknesses != 1 else ''}, "
        f"{therapies.framework_2} 2023 findings, no revisit verdicts held."
    ) in chart_svg(content)


def test_the_table_lists_every_theme_most_frequent_first_then_by_name(client):
    counts = client.get("/themes/").context["counts"]

    assert {count.theme for count in counts} == set(Theme)
    keys = [(-count.total, -count.weaknesses, count.label.lower()) for count in counts]
    assert keys == sorted(keys)


def test_themes_link_to_the_areas_with_that_theme(client):
    content = client.get("/themes/").content.decode()

    assert 'href="/areas/?theme=ehc_plan_quality"' in content
    # A theme nobody has been found wanting in is listed, but there is nothing to link to.
    make_theme_empty(Theme.SUFFICIENCY)
    content = client.get("/themes/").content.decode()
    assert "/areas/?theme=sufficiency" not in content
    assert "School places and sufficiency" in table_row(content, "sufficiency")


def test_every_theme_has_a_plain_english_description(client):
    assert set(THEME_DESCRIPTIONS) == set(Theme.values)
    content = client.get("/themes/").content.decode()
    assert THEME_DESCRIPTIONS[Theme.NEURODEVELOPMENTAL] in content


def test_the_chart_is_an_accessible_svg_labelled_by_its_title_and_description(client):
    response = client.get("/themes/")
    content = response.content.decode()
    svg = chart_svg(content)

    opening = svg.split(">", 1)[0]
    assert 'role="img"' in opening
    assert "viewBox=" in opening
    labelled_by = re.search(r'aria-labelledby="([^"]+)"', opening).group(1).split()
    assert len(labelled_by) == 2
    for element, id_ in zip(("title", "desc"), labelled_by, strict=True):
        assert re.search(rf'<{element} id="{id_}">[^<]+</{element}>', svg), id_
        assert content.count(f'id="{id_}"') == 1
    # Each bar says its value in words, so the colours are never the only way to read it.
    assert "#1d70b8" in svg and "#00703c" in svg
    assert ">EHC plan quality</text>" in svg
    ehc = next(c for c in response.context["counts"] if c.theme == "ehc_plan_quality")
    assert f">{ehc.weaknesses} weaknesses</text>" in svg
    assert f">{ehc.framework_2} 2023 findings</text>" in svg
    assert ">1 of 2 verdicts sufficient</text>" in svg


def make_theme_empty(theme: str) -> None:
    """Files everything under `theme` as Other instead, so the theme has nothing in it."""
    SignificantWeakness.objects.filter(theme=theme).update(theme=Theme.OTHER)
    Finding.objects.filter(theme=theme).update(theme=Theme.OTHER)
    standing.refresh()  # a queryset update sends no signals: stamp the areas changed


def test_only_themes_with_a_finding_appear_in_the_chart(client):
    make_theme_empty(Theme.SUFFICIENCY)
    chart = client.get("/themes/").context["chart"]
    held = {c.theme for c in theme_counts() if c.weaknesses or c.priority_actions or c.improvements}

    assert {group.label for group in chart.groups} == {Theme(theme).label for theme in held}
    assert len(held) < len(Theme)


def test_the_page_counts_every_finding_held_in_both_frameworks(client):
    content = client.get("/themes/").content.decode()
    weaknesses = SignificantWeakness.objects.count()
    actions = Finding.objects.filter(kind=FindingKind.PRIORITY_ACTION).count()
    improvements = Finding.objects.filter(kind=FindingKind.IMPROVEMENT).count()

    # The three seed letters, the wording quoted for Warwickshire, Kent and Surrey, and the
    # 51 shipped reports' findings.
    assert weaknesses == 28 and actions == 45 and improvements == 189
    assert f"cover the {weaknesses + actions + improvements} findings" in content
    assert f"{weaknesses} significant weaknesses (out of 436 in the official statistics)" in content
    assert f"{actions} areas for priority action and {improvements} for improvement" in content
    assert "from 51 of " in content
    assert "give numbers only" in content


def test_the_2023_framework_findings_have_their_own_columns(client):
    PriorityActionFactory.create_batch(3, theme=Theme.EHC_TIMELINESS)
    response = client.get("/themes/")

    counts = {count.theme: count for count in response.context["counts"]}
    timeliness = counts[Theme.EHC_TIMELINESS]
    held = Finding.objects.filter(theme=Theme.EHC_TIMELINESS)
    assert timeliness.priority_actions == held.filter(kind="priority_action").count() >= 3
    assert timeliness.improvements == held.filter(kind="improvement").count()
    cells = table_row(response.content.decode(), "ehc_timeliness").split()
    assert cells[-7:-4] == [
        str(timeliness.weaknesses),
        str(timeliness.priority_actions),
        str(timeliness.improvements),
    ]
    assert 'href="/areas/?theme=ehc_timeliness"' in response.content.decode()
    # The chart draws every theme with any finding, in either framework.
    assert Theme.EHC_TIMELINESS.label in {g.label for g in response.context["chart"].groups}


def add_weaknesses(areas: int, per_area: int) -> None:
    """Many more WSOAs, each with weaknesses across the themes and a revisit verdict on each."""
    themes = list(Theme)
    for area in range(areas):
        wsoa = WsoaFactory()
        revisit = RevisitFactory(wsoa=wsoa)
        for number in range(1, per_area + 1):
            weakness = WeaknessFactory(
                wsoa=wsoa, number=number, theme=themes[(area + number) % len(themes)]
            )
            RevisitVerdict.objects.create(
                revisit=revisit,
                weakness=weakness,
                verdict=Verdict.SUFFICIENT if number % 2 else Verdict.NOT_SUFFICIENT,
            )
    PriorityActionFactory.create_batch(5)


def test_the_themes_page_runs_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, settings
):
    settings.PAGE_CACHE = False  # every request renders the page
    with django_assert_max_num_queries(THEMES_PAGE_QUERIES):
        assert client.get("/themes/").status_code == 200
    with CaptureQueriesContext(connection) as before:
        client.get("/themes/")

    add_weaknesses(areas=12, per_area=6)

    with django_assert_max_num_queries(THEMES_PAGE_QUERIES):
        response = client.get("/themes/")
    with CaptureQueriesContext(connection) as after:
        client.get("/themes/")
    assert len(after) == len(before)
    assert sum(count.weaknesses for count in response.context["counts"]) == 28 + 12 * 6
    assert sum(count.priority_actions for count in response.context["counts"]) == 45 + 5


def test_the_counts_stay_right_with_many_more_weaknesses():
    add_weaknesses(areas=8, per_area=5)

    counts = {count.theme: count for count in theme_counts()}

    for theme, (weaknesses, sufficient, verdicts) in expected_counts().items():
        assert (counts[theme].weaknesses, counts[theme].sufficient, counts[theme].verdicts) == (
            weaknesses,
            sufficient,
            verdicts,
        )


def test_with_no_weaknesses_there_is_no_chart():
    assert themes_chart([]) is None


def test_the_bar_chart_puts_every_bar_on_one_scale():
    chart = bar_chart(
        "test-chart",
        "Title",
        "Description",
        [Series("Things", BLUE)],
        [("Many", [(4, "4 things")]), ("Some", [(2, "2 things")]), ("None", [(0, "no things")])],
        width=600,
        text_space=200,
    )

    widths = [group.bars[0].width for group in chart.groups]
    assert widths == [400, 200, 0]
    assert chart.groups[0].bars[0].text_x == 408  # the words follow the bar
    assert chart.groups[2].bars[0].text_x == 0
    label_ys = [group.label_y for group in chart.groups]
    assert label_ys == sorted(label_ys) and chart.height > label_ys[-1]
    assert (chart.title_id, chart.description_id) == ("test-chart-title", "test-chart-description")


def test_the_statistics_totals_are_the_tables_and_dorset_countys_are_said_apart(client):
    """Ofsted's table counts 436 significant weaknesses in 82 written statements of action to
    31 August 2022; Dorset County's four come from the notes sheet and public pages."""
    page = " ".join(re.sub(r"<[^>]+>", " ", client.get("/themes/").text).split())
    assert "count 436 significant weaknesses in 82 written statements of action" in page
    assert "Dorset County's (four significant weaknesses), which the statistics' table" in page
    assert "440" not in page and "in 83 written" not in page
    about = " ".join(re.sub(r"<[^>]+>", " ", client.get("/about/").text).split())
    assert "count 436 significant weaknesses in 82 of them" in about
