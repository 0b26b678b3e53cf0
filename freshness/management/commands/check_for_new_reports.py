from django.core.management.base import BaseCommand, CommandError, CommandParser

from freshness.checking import CheckRunning, run_check
from freshness.models import Result


class Command(BaseCommand):
    help = (
        "Read the public outcomes table (OUTCOMES_TABLE_URL), record every new or changed row, "
        "and download each new report's PDF for an admin to review. Run daily, from cron or a "
        "systemd timer; exits with an error when the check failed or another was running."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--url", help="Read this address instead of OUTCOMES_TABLE_URL.")

    def handle(self, *args: str, **options: str | None) -> None:
        try:
            check = run_check(url=options.get("url") or None)
        except CheckRunning as error:
            raise CommandError(str(error)) from error
        for line in check.changes:
            self.stdout.write(line)
        for line in check.warnings:
            self.stdout.write(f"warning: {line}")
        if check.result != Result.SUCCEEDED:
            raise CommandError(f"The check failed: {check.reason}")
        self.stdout.write(
            f"Checked {check.rows} rows: {check.new_reports} new "
            f"report{'s' if check.new_reports != 1 else ''}, {len(check.warnings)} "
            f"warning{'s' if len(check.warnings) != 1 else ''}."
        )
