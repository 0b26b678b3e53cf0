"""Atom feeds of new letters, reports and decisions: national and one per area."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from alerts import news
from areas.models import Area

FEED_LENGTH = 50


def entry_id(item: news.NewsItem) -> str:
    """A tag URI (RFC 4151) made of the site's host and the item's key: it never changes."""
    return f"tag:{settings.SITE_HOST},2025:{item.key}"


def site_address(path: str) -> str:
    """An address on the site as configured (SITE_URL), never the request's Host header."""
    return settings.SITE_URL + path


def _midnight(day: dt.date | None) -> dt.datetime | None:
    if day is None:
        return None
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


class NewsFeed(Feed):
    """What the national and area feeds share: their entries, one per news item."""

    feed_type = Atom1Feed
    author_name = "SEND Inspection Tracker"

    def item_title(self, item: news.NewsItem) -> str:
        return item.title

    def item_description(self, item: news.NewsItem) -> str:
        return item.summary

    def item_link(self, item: news.NewsItem) -> str:
        return site_address(item.area.get_absolute_url())

    def item_guid(self, item: news.NewsItem) -> str:
        return entry_id(item)

    item_guid_is_permalink = False

    def item_pubdate(self, item: news.NewsItem) -> dt.datetime | None:
        return _midnight(item.date)

    def item_updateddate(self, item: news.NewsItem) -> dt.datetime | None:
        return _midnight(item.date)


class LatestFeed(NewsFeed):
    title = "SEND Inspection Tracker: new letters, reports and decisions"
    subtitle = (
        "Ofsted and CQC SEND inspection letters and reports, and DfE and NHS England "
        "decisions, for every local area in England."
    )

    def link(self) -> str:
        return site_address(reverse("public:home"))

    def feed_url(self) -> str:
        return site_address(reverse("alerts:latest_feed"))

    def feed_guid(self) -> str:
        return f"tag:{settings.SITE_HOST},2025:latest"

    def items(self) -> list[news.NewsItem]:
        return [i for i in news.letters_and_decisions() if i.date][:FEED_LENGTH]


class AreaFeed(NewsFeed):
    def get_object(self, request: HttpRequest, slug: str) -> Area:
        return get_object_or_404(Area, slug=slug)

    def title(self, area: Area) -> str:
        return f"{area.name}: SEND inspection letters, reports and decisions"

    def subtitle(self, area: Area) -> str:
        return (
            f"New Ofsted and CQC letters and reports, and DfE and NHS England decisions, "
            f"for {area.name}, from the SEND Inspection Tracker."
        )

    def link(self, area: Area) -> str:
        return site_address(area.get_absolute_url())

    def feed_url(self, area: Area) -> str:
        return site_address(reverse("alerts:area_feed", args=[area.slug]))

    def feed_guid(self, area: Area) -> str:
        return f"tag:{settings.SITE_HOST},2025:area-{area.pk}"

    def items(self, area: Area) -> list[news.NewsItem]:
        areas = Area.objects.filter(pk=area.pk)
        return [i for i in news.letters_and_decisions(areas) if i.date][:FEED_LENGTH]
