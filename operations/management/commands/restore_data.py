"""manage.py restore_data FILE [--replace]: put a backup_data file back into an empty database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from operations.backups import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by backup_data into an empty database (migrated first if it is "
        "new). Refuses, changing nothing, if the database already holds data, unless --replace "
        "is given, which deletes everything in it first (in the same transaction)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="A .json.gz file written by backup_data.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete everything in the database first, then restore.",
        )

    def handle(self, *args: str, file: str, replace: bool, **options: object) -> None:
        try:
            counts = restore_backup(Path(file), replace=replace)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Restored {sum(counts.values())} records of {len(counts)} kinds from {file}. "
            "Restart the site's server so no process keeps what it had cached."
        )
