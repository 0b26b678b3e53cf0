"""Save every public page of the loaded data into a folder, to compare before and after a change.

    DEBUG=true .venv/bin/python scripts/snapshot_public_pages.py /tmp/pages-before
    ... change the code ...
    DEBUG=true .venv/bin/python scripts/snapshot_public_pages.py /tmp/pages-after
    diff -r /tmp/pages-before /tmp/pages-after

Pages are fetched through Django's test client from the site's own database (run `make setup`
first), as a visitor who is not signed in: the home page, the area list (plain and filtered),
every area page, its feed and calendar, every weakness page, compare, themes, about, glossary,
expected, the open-data pages and CSV files, the feeds and calendars, and the API. Static file
addresses lose their hashes, so a rebuilt stylesheet is not a difference.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import caches  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from areas.models import Area  # noqa: E402
from inspections.models import SignificantWeakness  # noqa: E402


def public_addresses() -> list[str]:
    slugs = list(Area.objects.order_by("slug").values_list("slug", flat=True))
    references = list(
        SignificantWeakness.objects.order_by("reference").values_list("reference", flat=True)
    )
    addresses = [
        "/",
        "/areas/",
        "/areas/?status=revisit_not_sufficient",
        "/areas/?region=london&sort=name&direction=desc",
        "/areas/?q=herts",
        "/compare/?areas=luton,central-bedfordshire",
        "/compare/?areas=kent,surrey,cornwall,bedford-borough",
        "/themes/",
        "/about/",
        "/about/glossary/",
        "/expected/",
        "/data/",
        "/data/dictionary/",
        "/data/areas.csv",
        "/data/inspections.csv",
        "/data/weaknesses.csv",
        "/data/findings.csv",
        "/feeds/latest/",
        "/calendar.ics",
        "/api/v1/areas/",
        "/api/v1/weaknesses/",
        "/api/v1/weaknesses/?verdict=none",
        "/api/v1/openapi.json",
    ]
    for slug in slugs:
        addresses += [
            f"/areas/{slug}/",
            f"/areas/{slug}/feed/",
            f"/areas/{slug}/calendar.ics",
            f"/api/v1/areas/{slug}/",
        ]
    addresses += [f"/weaknesses/{reference}/" for reference in references]
    return addresses


def file_name(address: str) -> str:
    name = address.strip("/").replace("/", "__").replace("?", "@") or "home"
    return re.sub(r"[^A-Za-z0-9_.@=&,-]", "_", name)


STATIC_HASH = re.compile(r"(/static/[^\"')\s]+?)\.[0-9a-f]{12}(\.[a-z0-9]+)")


DTSTAMP = re.compile(r"DTSTAMP:\d{8}T\d{6}Z")
# A feed with no entries is dated when it is made (to the microsecond; real entries are not).
FEED_MADE_AT = re.compile(r"<updated>[0-9-]{10}T[0-9:]{8}\.\d+\+00:00</updated>")


def main(folder: Path) -> None:
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    folder.mkdir(parents=True, exist_ok=True)
    client = Client()
    for alias in ("default", "pages"):
        caches[alias].clear()
    addresses = public_addresses()
    for address in addresses:
        response = client.get(address)
        body = b"".join(response) if response.streaming else response.content
        text = body.decode("utf-8", errors="replace")
        text = STATIC_HASH.sub(r"\1\2", text)
        text = DTSTAMP.sub("DTSTAMP:(when the calendar was made)", text)
        text = FEED_MADE_AT.sub("<updated>(when the empty feed was made)</updated>", text)
        (folder / file_name(address)).write_text(f"{response.status_code}\n{text}")
    print(f"Saved {len(addresses)} pages in {folder}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(Path(sys.argv[1]))
