"""Builds N times the real national history in a database of its own, for benchmarks.

    DEBUG=true .venv/bin/python manage.py generate_synthetic --scale 20
    DEBUG=true .venv/bin/python manage.py generate_synthetic --scale 5 \\
        --database-url postgres://postgres@127.0.0.1:5432/send_tracker_bench

How it keeps off the site's database: the command never opens the target database itself. It
starts `manage.py generate_synthetic --in-target` again in a subprocess whose DATABASE_URL is the
target (the settings read DATABASE_URL through dj-database-url), so inside that process the
target *is* the default database and the ordinary code paths (migrate, load_national_data,
`synthetic.history.multiply_history`) run unchanged, and nothing in it can reach the site's
database, which that process has no settings for. A second alias in DATABASES would have meant
passing `using=` through every loader and query. Before starting the subprocess the command
refuses a target that is the database this process is configured with; inside, it refuses to
empty a database that holds data it did not build.

Each run rebuilds the target from scratch (migrate, empty it, load the real data, multiply),
unless --keep is given and the target already holds this scale and seed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dj_database_url
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from national_data.loading import load_national_data
from synthetic.history import (
    MAX_SCALE,
    counted_tables,
    is_synthetic_database,
    marker_title,
    multiply_history,
)

TARGET_VARIABLE = "SEND_SYNTHETIC_TARGET"


def default_target(scale: int) -> str:
    return f"sqlite:///{Path(settings.BASE_DIR) / '.bench' / f'scale-{scale}.sqlite3'}"


def same_database(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Whether two DATABASES entries name the same database."""
    engine_a, engine_b = a.get("ENGINE", ""), b.get("ENGINE", "")
    if engine_a != engine_b:
        return False
    if engine_a.endswith("sqlite3"):
        return Path(str(a.get("NAME"))).resolve() == Path(str(b.get("NAME"))).resolve()

    def where(entry: Mapping[str, Any]) -> tuple[str, str, Any]:
        host = entry.get("HOST") or "localhost"
        host = "localhost" if host in ("127.0.0.1", "::1") else host
        return host, str(entry.get("PORT") or "5432"), entry.get("NAME")

    return where(a) == where(b)


def record_table(counts: dict[str, int], totals: dict[str, int]) -> list[str]:
    """What was built beside what the database now holds (the real data included)."""
    width = max(map(len, [*totals, "records"]))
    lines = [f"{'records':<{width}}  {'synthetic':>9}  {'in the database':>15}"]
    lines += [
        f"{name:<{width}}  {counts.get(name, 0):>9,}  {total:>15,}"
        for name, total in totals.items()
    ]
    lines.append(f"{'all':<{width}}  {sum(counts.values()):>9,}  {sum(totals.values()):>15,}")
    return lines


def database_totals() -> dict[str, int]:
    """Rows per table in the current database, under the names multiply_history counts."""
    totals = {}
    with connection.cursor() as cursor:
        for name, tables in counted_tables().items():
            total = 0
            for table in tables:
                cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
                total += cursor.fetchone()[0]
            totals[name] = total
    return totals


class Command(BaseCommand):
    help = (
        "Builds about N times the real national history (earlier inspection cycles, progress "
        "updates, forum responses, officers, history rows), all marked synthetic, in a database "
        "of its own: .bench/scale-N.sqlite3 unless --database-url names another. Never the "
        "site's database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=int, required=True, help=f"1 to {MAX_SCALE}")
        parser.add_argument("--seed", type=int, default=1, help="the same seed, the same data")
        parser.add_argument(
            "--database-url",
            default="",
            help="where to build it (sqlite:///path or postgres://...); "
            "by default .bench/scale-N.sqlite3",
        )
        parser.add_argument(
            "--keep",
            action="store_true",
            help="do nothing if the target already holds this scale and seed",
        )
        # Set by the command itself for the subprocess that writes to the target.
        parser.add_argument("--in-target", action="store_true", help="(internal)")

    def handle(
        self, *args: str, scale: int, seed: int, database_url: str, keep: bool, **options: Any
    ) -> None:
        if not 1 <= scale <= MAX_SCALE:
            raise CommandError(f"--scale is a whole number from 1 to {MAX_SCALE}.")
        if options["in_target"]:
            return self.build(scale, seed, keep)
        target = database_url or default_target(scale)
        try:
            target_settings = dj_database_url.parse(target)
        except ValueError as error:
            raise CommandError(f"Not a database URL: {target} ({error})") from None
        if same_database(target_settings, settings.DATABASES["default"]):
            raise CommandError(
                f"{target} is the database this site is configured to use, and "
                "generate_synthetic never writes to it. Give another --database-url, or none "
                f"to build in {default_target(scale)}."
            )
        if target_settings["ENGINE"].endswith("sqlite3"):
            Path(target_settings["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        command = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "generate_synthetic"]
        command += ["--scale", str(scale), "--seed", str(seed), "--in-target"]
        command += ["--keep"] if keep else []
        env = {**os.environ, "DATABASE_URL": target, TARGET_VARIABLE: target}
        self.stdout.write(f"Building scale {scale} (seed {seed}) in {target}")
        with subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        ) as process:
            assert process.stdout is not None  # stdout=PIPE
            for line in process.stdout:
                self.stdout.write(line.rstrip("\n"))
        if process.returncode:
            raise CommandError(f"The build stopped (exit status {process.returncode}).")

    def build(self, scale: int, seed: int, keep: bool) -> None:
        """In the subprocess, where the target is the default database."""
        target = os.environ.get(TARGET_VARIABLE, "")
        if not target or target != os.environ.get("DATABASE_URL"):
            raise CommandError("--in-target is for generate_synthetic's own subprocess.")
        if not same_database(dj_database_url.parse(target), settings.DATABASES["default"]):
            raise CommandError("The subprocess is not configured with the target database.")
        started = time.monotonic()
        call_command("migrate", interactive=False, verbosity=0)
        from inspections.models import Source, SourceKind

        if (
            keep
            and Source.objects.filter(
                kind=SourceKind.OTHER, title=marker_title(scale, seed)
            ).exists()
        ):
            self.stdout.write(f"Kept: the target already holds scale {scale} with seed {seed}.")
            return
        if Source.objects.exists() and not is_synthetic_database():
            raise CommandError(
                "The target database holds data that generate_synthetic did not build: "
                "refusing to empty it. Give an empty database or one it built before."
            )
        call_command("flush", interactive=False, verbosity=0)
        load_national_data()
        loaded = time.monotonic()
        counts = multiply_history(scale, seed=seed)
        done = time.monotonic()
        self.stdout.write("")
        for line in record_table(counts, database_totals()):
            self.stdout.write(line)
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(
                f"Scale {scale} built in {done - started:.1f} s: migrate and real data "
                f"{loaded - started:.1f} s, synthetic history {done - loaded:.1f} s."
            )
        )
