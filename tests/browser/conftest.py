"""Browser tests: Playwright driving Debian's Chromium against Django's live server.

Playwright cannot download browsers on these machines, so the tests use /usr/bin/chromium
(`apt-get install -y chromium`, or `make test`). axe-core comes from node_modules (`npm ci`).
"""

import os
import time
from pathlib import Path

import pytest

from tests.snapshot import restore_national_data

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run
# inside one unless told it is safe (the live server has its own thread).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
REPO_ROOT = Path(__file__).resolve().parents[2]
AXE_JS = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = REPO_ROOT / "tests" / "screenshots"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

pytestmark = pytest.mark.browser


def pytest_collection_modifyitems(items):
    # pytestmark in a conftest does not reach the test modules (each module sets its own too),
    # so mark every test under tests/browser here as well.
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)
            if not CHROMIUM.exists():
                if os.environ.get("CI"):
                    # Under CI a missing browser is a broken build, not a reason to skip.
                    continue
                item.add_marker(
                    pytest.mark.skip(
                        reason=f"{CHROMIUM} not found: `apt-get install -y chromium` "
                        "(or `make test`) to run the browser tests"
                    )
                )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        # Only reached under CI (elsewhere the tests were skipped at collection).
        pytest.fail(f"{CHROMIUM} not found and CI is set: `apt-get install -y chromium`")
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(autouse=True)
def site(live_server, transactional_db):
    """The live server's base URL, serving the real national data.

    The live server runs in another thread, so it only sees committed rows: hence
    transactional_db, whose flush after each test empties the database. The data loaded once
    for the test process is then put back from its copy (tests/snapshot.py), not reloaded.
    """
    restore_national_data()
    return live_server.url


def wait_for_htmx(page, timeout: float = 10):
    """Wait until htmx's deferred script has run (failing after `timeout` seconds).

    Polled with page.evaluate rather than page.wait_for_function, whose polling compiles the
    predicate in the page with eval, which the site's CSP rightly refuses (an EvalError that
    came and went with timing)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate("!!(window.htmx && htmx.version)"):
        assert time.monotonic() < deadline, f"htmx did not load within {timeout} s on {page.url}"
        page.wait_for_timeout(50)


def check_accessibility(page):
    """Run axe-core on the current page and fail on any WCAG 2.2 A/AA violation."""
    assert AXE_JS.exists(), f"{AXE_JS} is missing: run `npm ci` in {REPO_ROOT}"
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through DevTools: the site's CSP rightly refuses injected <script> tags.
        page.evaluate(AXE_JS.read_text(encoding="utf-8") + "\n;undefined")
    result = page.evaluate(
        """async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})""",
        WCAG_TAGS,
    )
    violations = result["violations"]
    lines = []
    for v in violations:
        targets = [" ".join(map(str, node["target"])) for node in v["nodes"][:3]]
        more = f" (+{len(v['nodes']) - 3} more)" if len(v["nodes"]) > 3 else ""
        lines.append(f"- {v['id']} [{v['impact']}]: {v['help']}\n    on {', '.join(targets)}{more}")
    assert not violations, f"axe found {len(violations)} violation(s) on {page.url}:\n" + "\n".join(
        lines
    )


def screenshot(page, name):
    """Save a full-page PNG to tests/screenshots/<name>.png (gitignored) for a human to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
