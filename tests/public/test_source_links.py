"""Every source is a link where its address is held, and otherwise says why it is not one
and where the document can be found."""

import re

import pytest
from django.utils.html import escape

from areas.models import Area
from inspections.models import Source

pytestmark = pytest.mark.django_db

CENTRAL_BEDS_PAGE = (
    "https://www.centralbedfordshire.gov.uk/info/133/improving_send_services/1191/"
    "send_re-visit_4_-_6_july_%E2%80%93_have_your_say"
)


NOT_LINKED = '<span class="app-not-linked">not linked: '


def test_central_bedfordshires_revisit_letter_links_the_councils_page_that_links_it(client):
    page = client.get("/areas/central-bedfordshire/").content.decode()

    assert (
        "Joint area SEND revisit in Central Bedfordshire (8 September 2022; "
        + NOT_LINKED
        + "no address of the letter itself is held; see "
        + f'<a class="govuk-link" href="{CENTRAL_BEDS_PAGE}">'
        + "Central Bedfordshire Council&#x27;s page that links the letter</a></span>)"
    ) in page


def test_lutons_revisit_letter_says_where_the_letter_can_be_found(client):
    page = client.get("/areas/luton/").content.decode()

    assert (
        "Joint area SEND revisit in Luton (6 December 2022; "
        + NOT_LINKED
        + "no address of the letter itself is held; see "
        + '<a class="govuk-link" href="https://reports.ofsted.gov.uk/">'
        + "Ofsted&#x27;s reports site, under Luton</a></span>)"
    ) in page
    # The local news report of the revisit's outcome is cited, as a link.
    assert 'href="https://www.lutontoday.co.uk/news/people/luton-makes-progress-in-' in page


def test_no_area_page_shows_a_source_as_plain_words(client):
    # Several sources share a title ("Parliamentary record (parallelparliament.co.uk)"): each
    # time a title is shown it must be a link to one of their addresses or, for one without
    # an address, say why not.
    addresses: dict[str, set[str]] = {}
    for title, url in Source.objects.values_list("title", "url"):
        addresses.setdefault(escape(title), set()).add(escape(url))
    link = re.compile(r'href="([^"]*)">$')
    not_linked = re.compile(r" \((?:[0-9]{1,2} [A-Z][a-z]+ [0-9]{4}; )?" + re.escape(NOT_LINKED))
    shown = 0
    for slug in Area.objects.values_list("slug", flat=True):
        page = client.get(f"/areas/{slug}/").content.decode()
        for title, urls in addresses.items():
            for found in re.finditer(r"(?<![\w.-])" + re.escape(title), page):
                linked = link.search(page, max(0, found.start() - 600), found.start())
                if linked and linked.group(1) in urls:
                    pass
                else:
                    assert "" in urls and not_linked.match(page, found.end()), (slug, title)
                shown += 1
    assert shown > 400  # the loop saw the sources the pages cite
