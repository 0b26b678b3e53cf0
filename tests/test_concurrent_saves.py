"""Officers saving at the same moment, on the production server: nobody gets an error page and
nobody's words are lost, on SQLite (the default) and on PostgreSQL (CI).

Eight officers of Central Bedfordshire sign in to the server as `make serve` runs it (two
worker processes of four threads each, so saves really overlap) over a database of its own.
Then, released together by a barrier, round after round: each edits their own update, while
another officer withdraws an update someone else is editing at that very moment, and each
logs a new update. Every answer must be a save (a redirect) or, for the edit that lost its
race with the withdrawal, the form again with the officer's words in it: never a 5xx.
"""

from __future__ import annotations

import re
import threading

from tests.servers import Browser, load_real_data, production_server, run_python, throwaway_database

OFFICERS = 8
ROUNDS = 3
PASSWORD = "a long password for the concurrency test"
WEAKNESS = "/progress/weakness/CB-2019-1/updates/new/"

SETUP = f"""
import datetime as dt
from django.contrib.auth import get_user_model
from areas.models import Area
from inspections.models import SignificantWeakness
from progress.models import Membership, ProgressUpdate, Role

area = Area.objects.get(slug="central-bedfordshire")
weakness = SignificantWeakness.objects.get(reference="CB-2019-1")
for n in range({OFFICERS}):
    user = get_user_model().objects.create_user(f"officer{{n}}", password={PASSWORD!r})
    Membership.objects.create(user=user, area=area, role=Role.OFFICER)
    for kind in ("edited", "contested", "withdrawn"):
        ProgressUpdate.objects.create(
            area=area, weakness=weakness, author=user, date=dt.date(2026, 10, 1), rag="amber",
            summary=f"officer{{n}} {{kind}}", visibility="public",
        )
"""


def update_id(summary: str, ids: dict[str, int]) -> int:
    return ids[summary]


def test_officers_saving_at_once_get_no_error_and_lose_no_words(tmp_path):
    with throwaway_database("concurrent") as url:
        load_real_data(url)
        run_python(url, SETUP)
        listed = run_python(
            url,
            "from progress.models import ProgressUpdate\n"
            "for u in ProgressUpdate.objects.filter(summary__startswith='officer'):\n"
            "    print(u.summary, u.pk)\n",
        ).stdout
        ids = {" ".join(line.split()[:2]): int(line.split()[2]) for line in listed.splitlines()}
        with production_server(
            url,
            tmp_path / "static",
            WEB_WORKER_CLASS="gthread",
            WEB_CONCURRENCY="2",
            WEB_THREADS="4",
        ) as server:
            answers: list[tuple[str, int, str]] = []
            lock = threading.Lock()
            barrier = threading.Barrier(OFFICERS)

            def officer(n: int) -> None:
                browser = Browser(server.port)
                response, _ = browser.request(
                    "POST",
                    "/accounts/login/",
                    {
                        "username": f"officer{n}",
                        "password": PASSWORD,
                        "csrfmiddlewaretoken": browser.csrf_token("/accounts/login/"),
                    },
                )
                assert response.status == 302, f"officer{n} could not sign in"
                mine = f"/progress/updates/{ids[f'officer{n} edited']}/edit/"
                contested = f"/progress/updates/{ids[f'officer{n} contested']}/edit/"
                # The next officer's contested update: withdrawn as they save it (round 0).
                theirs = f"/progress/updates/{ids[f'officer{(n + 1) % OFFICERS} contested']}/"
                own_withdrawn = f"/progress/updates/{ids[f'officer{n} withdrawn']}/withdraw/"
                for round_ in range(ROUNDS):
                    _, form = browser.request("GET", mine)
                    found = re.search(r'name="version" value="(\d+)"', form)
                    token = browser.csrf_token(WEAKNESS)
                    words = f"officer{n} round {round_}: waiting times down again"
                    edit = {
                        "csrfmiddlewaretoken": token,
                        "version": found[1] if found else "",
                        "date-day": "3", "date-month": "11", "date-year": "2026",
                        "rag": "green", "summary": words, "visibility": "public",
                    }  # fmt: skip
                    new = {**edit, "summary": f"officer{n} new in round {round_}"}
                    del new["version"]
                    barrier.wait(timeout=60)
                    steps = [("edit", "POST", mine, edit), ("add", "POST", WEAKNESS, new)]
                    if round_ == 0:
                        steps[1:1] = [
                            ("edit contested", "POST", contested, {**edit, "version": "1"}),
                            ("withdraw", "POST", theirs + "withdraw/", {
                                "csrfmiddlewaretoken": token}),
                        ]  # fmt: skip
                    if round_ == 1:
                        steps.append(("withdraw own", "POST", own_withdrawn, {
                            "csrfmiddlewaretoken": token}))  # fmt: skip
                    for name, method, path, fields in steps:
                        response, text = browser.request(method, path, fields)
                        with lock:
                            answers.append((f"officer{n} {name} round {round_}", response.status,
                                            text if response.status != 302 else words))  # fmt: skip

            threads = [threading.Thread(target=officer, args=(n,)) for n in range(OFFICERS)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=300)
            log = server.log_text()

        errors = [(what, status) for what, status, _ in answers if status >= 500]
        assert not errors, f"{errors}\n{log[-3000:]}"
        expected = OFFICERS * (ROUNDS * 2 + 3)
        assert len(answers) == expected, f"{len(answers)} of {expected} answers\n{log[-3000:]}"
        for what, status, text in answers:
            if "edit" in what and status != 302:
                # Lost the race with the withdrawal: the form again, with the officer's words.
                assert status == 200, (what, status)
                assert "waiting times down again" in text, what
            elif "edit" not in what:
                assert status == 302, (what, status)

        saved = run_python(
            url,
            "from progress.models import ProgressUpdate\n"
            "print(ProgressUpdate.objects.filter(summary__contains=' new in round ').count())\n"
            "print(ProgressUpdate.objects.filter(withdrawn_at__isnull=False,"
            " summary__endswith='withdrawn').count())\n",
        ).stdout.split()
        assert saved == [str(OFFICERS * ROUNDS), str(OFFICERS)]
