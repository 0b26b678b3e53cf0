"""Fetching a page or a PDF: a timeout on every try, retries with back-off for what may pass
(no answer, a timeout, a server error), and a size limit read as the bytes arrive.

Plain urllib: one GET, no cookies, no credentials. Every failure is a `FetchError` whose
message says, in words an admin can act on, what went wrong.
"""

from __future__ import annotations

import logging
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings

logger = logging.getLogger(__name__)

USER_AGENT = "SEND-Inspection-Tracker/1.0 (daily check for new reports)"
CHUNK = 64 * 1024


class FetchError(Exception):
    """The address could not be fetched; the message says why."""


class _Permanent(FetchError):
    """A failure another try would not mend (a 404, a file too large)."""


@dataclass(frozen=True)
class Limits:
    timeout: float
    attempts: int
    backoff: float
    max_bytes: int

    @classmethod
    def for_reports(cls) -> Limits:
        return cls(
            settings.FETCH_TIMEOUT_SECONDS,
            max(1, settings.FETCH_ATTEMPTS),
            settings.FETCH_BACKOFF_SECONDS,
            settings.REPORT_MAX_BYTES,
        )

    @classmethod
    def for_table(cls) -> Limits:
        return cls(
            settings.FETCH_TIMEOUT_SECONDS,
            max(1, settings.FETCH_ATTEMPTS),
            settings.FETCH_BACKOFF_SECONDS,
            settings.TABLE_MAX_BYTES,
        )


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB" if size >= 1024 * 1024 else f"{size:,} bytes"


def _get_once(url: str, limits: Limits) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=limits.timeout) as response:  # noqa: S310
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > limits.max_bytes:
                raise _Permanent(
                    f"{url} is {_megabytes(int(length))}, over the limit of "
                    f"{_megabytes(limits.max_bytes)}: not downloaded."
                )
            received = bytearray()
            while chunk := response.read(CHUNK):
                received += chunk
                if len(received) > limits.max_bytes:
                    raise _Permanent(
                        f"{url} is over the limit of {_megabytes(limits.max_bytes)}: "
                        "the download was stopped."
                    )
            return bytes(received)
    except urllib.error.HTTPError as error:
        message = f"{url} answered {error.code} {error.reason}."
        if error.code in (408, 429) or error.code >= 500:
            raise FetchError(message) from error
        raise _Permanent(message) from error
    except TimeoutError as error:
        raise FetchError(f"{url} did not answer within {limits.timeout:g} seconds.") from error
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, TimeoutError):
            raise FetchError(f"{url} did not answer within {limits.timeout:g} seconds.") from error
        raise FetchError(f"{url} could not be reached ({reason}).") from error
    except (ConnectionError, OSError) as error:
        raise FetchError(f"{url} could not be reached ({error}).") from error


def fetch(url: str, limits: Limits, *, sleep: Callable[[float], None] = time.sleep) -> bytes:
    """The bytes at `url`, trying up to `limits.attempts` times with a doubling pause."""
    if not url.startswith(("https://", "http://")):
        raise FetchError(f"“{url}” is not a web address.")
    for attempt in range(1, limits.attempts + 1):
        try:
            return _get_once(url, limits)
        except _Permanent:
            raise
        except FetchError as error:
            if attempt == limits.attempts:
                if limits.attempts > 1:
                    raise FetchError(f"{error} (tried {limits.attempts} times)") from error
                raise
            pause = limits.backoff * 2 ** (attempt - 1)
            logger.warning("%s Trying again in %g seconds.", error, pause)
            sleep(pause)
    raise AssertionError("unreachable")  # pragma: no cover
