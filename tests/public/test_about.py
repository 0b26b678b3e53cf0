"""The about page, the glossary, and the plain_english template tags that link to it."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template, TemplateSyntaxError
from django.template.loader import get_template
from django.utils.html import escape

from inspections.glossary import SECTIONS, TERMS, UnknownTerm, get_term, glossary_url
from inspections.models import Source, SourceKind
from inspections.sources import STATISTICS_TITLE

REQUIRED_SLUGS = [
    "send",
    "local-area",
    "local-area-partnership",
    "ofsted",
    "cqc",
    "hmci",
    "ehc-plan",
    "annual-review",
    "wsoa",
    "significant-weakness",
    "revisit",
    "sufficient-progress",
    "dfe",
    "nhs-england",
    "ccg",
    "icb",
    "quarterly-monitoring",
    "accelerated-progress-plan",
    "improvement-notice",
    "statutory-direction",
    "commissioner",
    "framework-2016",
    "framework-2023",
    "outcome-1",
    "outcome-2",
    "outcome-3",
    "area-for-priority-action",
    "priority-action-plan",
    "area-for-improvement",
    "monitoring-inspection",
    "local-offer",
    "co-production",
    "parent-carer-forum",
    "sendiass",
    "joint-commissioning",
    "jsna",
    "neurodevelopmental-pathway",
    "preparation-for-adulthood",
]


def render(source: str, **context) -> str:
    return Template("{% load plain_english %}" + source).render(Context(context))


def sentences(text: str) -> int:
    return len(re.findall(r"[.!?](?:\s|$)", text))


# --- The glossary's words --------------------------------------------------------------


def test_the_glossary_explains_every_term_the_pages_rely_on():
    assert set(REQUIRED_SLUGS) <= set(TERMS)


def test_each_term_has_a_one_sentence_short_and_a_short_long_explanation():
    for slug, term in TERMS.items():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug), slug
        assert term.term and term.short and term.long, slug
        assert sentences(term.short) == 1 and term.short.endswith("."), slug
        assert 1 <= sentences(term.long) <= 3, slug


def test_every_term_sits_in_exactly_one_glossary_section():
    listed = [slug for _, slugs in SECTIONS for slug in slugs]
    assert sorted(listed) == sorted(TERMS)


def test_a_term_the_glossary_lacks_is_refused_by_name():
    with pytest.raises(UnknownTerm, match="'wsao' is not in the glossary") as caught:
        get_term("wsao")
    assert isinstance(caught.value, KeyError)
    assert glossary_url("wsoa") == "/about/glossary/#wsoa"


# --- The template tags -----------------------------------------------------------------


def test_term_links_the_words_to_their_glossary_entry():
    assert render('{% term "wsoa" %}') == (
        '<a class="govuk-link" href="/about/glossary/#wsoa">written statement of action</a>'
    )


def test_term_accepts_its_own_link_text_and_escapes_it():
    assert render('{% term "wsoa" "the plan" %}') == (
        '<a class="govuk-link" href="/about/glossary/#wsoa">the plan</a>'
    )
    assert render("{% term slug text %}", slug="ehc-plan", text="<b>plans</b>") == (
        '<a class="govuk-link" href="/about/glossary/#ehc-plan">&lt;b&gt;plans&lt;/b&gt;</a>'
    )


def test_plain_gives_the_short_explanation_escaped():
    assert render('{% plain "ccg" %}') == TERMS["ccg"].short
    # "children's" comes out escaped, as any text would.
    assert render('{% plain "ofsted" %}') == escape(TERMS["ofsted"].short) != TERMS["ofsted"].short
    assert render('{% autoescape off %}{% plain "ofsted" %}{% endautoescape %}') == (
        TERMS["ofsted"].short
    )


def test_a_misspelt_slug_fails_when_the_template_is_compiled():
    for source in ('{% term "wsao" %}', '{% plain "wsao" %}'):
        with pytest.raises(TemplateSyntaxError, match="'wsao' is not in the glossary"):
            Template("{% load plain_english %}" + source)


def test_a_misspelt_slug_in_a_variable_fails_when_rendered():
    for source in ("{% term slug %}", "{% plain slug %}"):
        template = Template("{% load plain_english %}" + source)
        with pytest.raises(TemplateSyntaxError, match="'wsao' is not in the glossary"):
            template.render(Context({"slug": "wsao"}))


def test_the_tags_refuse_the_wrong_number_of_arguments():
    with pytest.raises(TemplateSyntaxError, match="Use"):
        Template('{% load plain_english %}{% plain "wsoa" "extra" %}')
    with pytest.raises(TemplateSyntaxError, match="Use"):
        Template("{% load plain_english %}{% term %}")


def test_every_template_compiles_so_no_page_links_to_a_missing_term():
    # The project's templates and those of its own apps (the public pages live in public/).
    base = Path(settings.BASE_DIR)
    folders = [base / "templates", *base.glob("*/templates")]
    names = [str(path.relative_to(folder)) for folder in folders for path in folder.rglob("*.html")]
    assert "public/glossary.html" in names
    for name in names:
        get_template(name)


# --- The pages -------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_glossary_page_has_an_anchor_for_every_term(client):
    response = client.get("/about/glossary/")
    content = response.content.decode()

    assert response.status_code == 200
    assert "<title>Glossary – SEND Inspection Tracker</title>" in content
    assert response.context["nav"] == "glossary"
    for slug, term in TERMS.items():
        assert content.count(f'id="{slug}"') == 1, slug
        assert escape(term.heading) in content, slug
    assert 'aria-current="page"' in content
    for heading, _ in SECTIONS:
        assert f">{heading}</h2>" in content


@pytest.mark.django_db
def test_a_term_link_lands_on_its_glossary_entry(client):
    link = render('{% term "significant-weakness" %}')
    anchor = re.search(r'href="([^"#]+)#([^"]+)"', link)

    content = client.get(anchor.group(1)).content.decode()

    assert f'id="{anchor.group(2)}"' in content


@pytest.mark.django_db
def test_the_about_page_says_what_the_service_is_and_where_the_data_comes_from(client):
    response = client.get("/about/")
    content = response.content.decode()

    assert response.status_code == 200
    assert "<title>About this service – SEND Inspection Tracker</title>" in content
    statistics = Source.objects.get(kind=SourceKind.STATISTICS, title=STATISTICS_TITLE)
    assert f'href="{statistics.url}"' in content
    assert "published on 17 November 2022" in content
    assert 'href="https://reports.ofsted.gov.uk/"' in content
    assert "management information" in content
    for source in Source.objects.filter(
        kind__in=[SourceKind.COUNCIL_PAGE, SourceKind.NEWS_ARTICLE, SourceKind.PARLIAMENT]
    ).exclude(url=""):
        assert f'href="{source.url}"' in content, source.title
    assert (
        'Joint area SEND revisit in Luton (6 December 2022; <span class="app-not-linked">not linked:'
        in content
    )
    # Every letter and report with an address is a link (the 51 reports' Ofsted files).
    for letter in Source.objects.filter(kind=SourceKind.LETTER).exclude(url=""):
        assert f'href="{letter.url}">{escape(letter.title)}</a>' in content, letter.title
    assert 'href="/areas/luton/"' in content


@pytest.mark.django_db
def test_the_about_page_is_honest_about_its_limits_and_the_licence(client):
    content = client.get("/about/").content.decode()

    assert "give numbers only" in content
    assert "six of 83 written statements of action is held (some only in part" in content
    assert "51 of 97 2023-framework reports are held word for word" in content
    assert (
        "Contains public sector information licensed under the Open Government Licence v3.0."
        in (content)
    )


@pytest.mark.django_db
def test_the_about_and_glossary_pages_run_a_fixed_number_of_queries(
    client, django_assert_max_num_queries
):
    # Sources with the areas they cite (5), area and inspection counts (3), coverage (2)
    # the date the data runs to and the last check for new reports (1 each, then cached) and
    # the data's version for the page cache (1).
    with django_assert_max_num_queries(13):
        assert client.get("/about/").status_code == 200
    with django_assert_max_num_queries(1):
        assert client.get("/about/glossary/").status_code == 200
