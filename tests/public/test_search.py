"""/search/: every finding and public update, found by its words (stemmed), on the real data."""

import csv
import datetime as dt
import io
import re

import pytest
from django.contrib.auth import get_user_model

from areas.models import Area
from inspections.models import FRAMEWORK_2_FINDINGS, Finding, SignificantWeakness
from progress.models import ProgressUpdate

pytestmark = pytest.mark.django_db


def page(client, query: str, **headers):
    response = client.get(f"/search/?{query}", **headers)
    assert response.status_code == 200
    return response, response.content.decode()


def headings(html: str) -> list[str]:
    """Each result's heading: what it is and which, with its area before it."""
    found, area = [], None
    for match in re.finditer(
        r'id="search-area-[^"]+"><a[^>]*>([^<]+)</a>|<h3 class="govuk-heading-s[^"]*">'
        r"<a[^>]*>([^<]+)</a>",
        html,
    ):
        if match[1]:
            area = match[1]
        else:
            found.append(f"{area}: {match[2]}")
    return found


def written_with(*words: str) -> set[str]:
    """Every weakness and 2023-framework finding holding each word, counted the slow way."""

    def has(text: str) -> bool:
        return all(re.search(rf"\b{word}", text, re.IGNORECASE) for word in words)

    expected = {
        f"{w.wsoa.inspection.area.name}: Significant weakness {w.reference}"
        for w in SignificantWeakness.objects.select_related("wsoa__inspection__area")
        if has(f"{w.title} {w.text}")
    }
    expected |= {
        f"{f.inspection.area.name}: {f.get_kind_display()} {f.number}"
        for f in Finding.objects.filter(kind__in=FRAMEWORK_2_FINDINGS).select_related(
            "inspection__area"
        )
        if has(f"{f.title} {f.text}")
    }
    return expected


def test_speech_and_language_lists_every_matching_finding_across_areas(client):
    _, html = page(client, "q=speech+and+language")
    expected = written_with("speech", "language")
    assert len(expected) > 10
    assert set(headings(html)) == expected
    areas = {heading.split(":")[0] for heading in expected}
    assert f"in {len(areas)} local areas" in html
    # The words that matched are marked, and no other.
    marks = {m.lower() for m in re.findall(r"<mark>([^<]+)</mark>", html)}
    assert marks == {"speech", "language"}


def test_each_result_says_its_outcome_or_verdict_and_date(client):
    _, html = page(client, "q=speech+and+language")
    bucks = html.split('id="search-area-buckinghamshire"')[1].split("</section>")[0]
    assert "No revisit: the 2023 framework followed" in bucks
    assert "Inspected March 2022" in bucks
    bexley = html.split('id="search-area-bexley"')[1].split("</section>")[0]
    assert "Outcome 3: Widespread and/or systemic failings" in bexley
    assert "Report published" in bexley


def test_a_word_finds_its_other_forms(client):
    # "waits" only, never "waiting": the wheelchair services' priority action.
    finding = Finding.objects.get(text__contains="lengthy waits children and young people")
    assert "waiting" not in finding.text
    _, html = page(client, "q=waiting")
    assert f"{finding.inspection.area.name}: {finding.get_kind_display()} {finding.number}" in (
        headings(html)
    )
    assert "<mark>waits</mark>" in html


def test_filters_narrow_the_results_and_the_address_keeps_them(client):
    _, every = page(client, "q=speech+and+language")
    _, html = page(client, "q=speech+and+language&framework=2016")
    found = headings(html)
    assert found and all("Significant weakness" in h for h in found)
    assert len(found) < len(headings(every))
    _, html = page(client, "q=speech+and+language&framework=2023&outcome=3")
    found = headings(html)
    assert found and not any("Significant weakness" in h for h in found)
    assert 'value="3" selected' in html  # the filters stay chosen on the shared address
    _, html = page(client, "q=speech+and+language&region=london")
    assert {h.split(":")[0] for h in headings(html)} <= set(
        Area.objects.filter(region="london").values_list("name", flat=True)
    )
    _, html = page(client, "theme=therapies&year=2022")
    assert headings(html)
    assert all("2022" in block for block in re.findall(r"<dd>(Inspected [^<]+|Report [^<]+)", html))


def test_nothing_found_says_so_and_bad_filters_are_refused(client):
    _, html = page(client, "q=zzyzxqua")
    assert "Nothing matches “zzyzxqua”" in html
    _, html = page(client, "q=speech&region=atlantis")
    assert "There is a problem" in html
    _, html = page(client, "")
    assert "Enter words to search for" in html


def test_htmx_gets_the_results_alone_and_the_form_works_without_javascript(client):
    _, html = page(client, "q=speech+and+language", HTTP_HX_REQUEST="true")
    assert "<html" not in html and 'id="search-results"' in html
    _, html = page(client, "q=speech+and+language")
    assert '<form method="get" action="/search/"' in html
    assert 'hx-get="/search/"' in html


def test_the_csv_holds_the_same_results(client):
    _, html = page(client, "q=speech+and+language")
    response = client.get("/search/results.csv?q=speech+and+language")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == len(headings(html))
    assert {r["area"] for r in rows} == {h.split(":")[0] for h in headings(html)}
    assert all(r["outcome_or_verdict"] and r["date"] for r in rows)
    assert "<mark>" not in response.content.decode()


@pytest.fixture
def updates():
    area = Area.objects.get(slug="central-bedfordshire")
    weakness = SignificantWeakness.objects.filter(wsoa__inspection__area=area).first()
    author = get_user_model().objects.create_user("olivia")

    def update(visibility, summary, **kwargs):
        return ProgressUpdate.objects.create(
            area=area,
            weakness=weakness,
            date=dt.date(2026, 10, 1),
            rag="amber",
            summary=summary,
            visibility=visibility,
            author=author,
            **kwargs,
        )

    return update


def test_public_updates_are_found_and_internal_or_withdrawn_ones_never(client, updates):
    updates("public", "Hydrotherapy pool reopened", details="<b>Families</b> & staff helped")
    updates("internal", "Hydrotherapy budget is short")
    withdrawn = updates("public", "Hydrotherapy staff recruited")
    withdrawn.withdrawn_at = dt.datetime(2026, 10, 2, tzinfo=dt.UTC)
    withdrawn.save()
    _, html = page(client, "q=hydrotherapy")
    assert len(headings(html)) == 1
    assert "Progress update on" in html and "<mark>Hydrotherapy</mark> pool reopened" in html
    assert "Amber: some concerns" in html and "Update of 1 October 2026" in html
    assert "&lt;b&gt;Families&lt;/b&gt; &amp; staff" in html  # their words, never their markup
    assert "budget" not in html and "recruited" not in html


def test_the_index_follows_every_change(client):
    finding = Finding.objects.filter(kind__in=FRAMEWORK_2_FINDINGS).first()
    _, html = page(client, "q=quokkas")
    assert not headings(html)
    finding.text += " Quokkas deserve better."
    finding.save()
    _, html = page(client, "q=quokkas")
    assert len(headings(html)) == 1
    finding.text = finding.text.replace(" Quokkas deserve better.", "")
    finding.save()
    _, html = page(client, "q=quokkas")
    assert not headings(html)


def test_the_themes_page_links_to_the_search(client):
    html = client.get("/themes/").content.decode()
    assert 'href="/search/?q=speech+and+language+therapy"' in html
    assert 'href="/search/?theme=therapies"' in html


def test_a_live_search_shares_an_address_with_only_the_filters_set(client):
    empty = {"framework": "", "outcome": "", "theme": "", "region": "", "year": ""}
    response = client.get(
        "/search/", {"q": "speech and language", **empty}, headers={"HX-Request": "true"}
    )
    assert response["HX-Push-Url"] == "/search/?q=speech+and+language"
    response = client.get(
        "/search/", {"q": "", **empty, "region": "london"}, headers={"HX-Request": "true"}
    )
    assert response["HX-Push-Url"] == "/search/?region=london"
