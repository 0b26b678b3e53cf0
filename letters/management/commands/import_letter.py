import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from letters.importing import ImportRefused, read_document, save_import
from letters.reader import JSON_KEYS, LetterError


class Command(BaseCommand):
    help = (
        "Reads an Ofsted/CQC area SEND letter or report (PDF or text) and saves the inspection, "
        "its weaknesses, verdicts and findings, as the admin import does."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--area", help="the area's slug, where the letter's name is not enough")
        parser.add_argument("--dry-run", action="store_true", help="read and match, save nothing")
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="print the parse result as JSON"
        )

    def handle(
        self, path: Path, area: str | None, dry_run: bool, as_json: bool, **options: object
    ) -> None:
        say = self.stderr.write if as_json else self.stdout.write
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from None
        try:
            text, letter, plan = read_document(data, area_slug=area, filename=path.name)
        except LetterError as error:
            raise CommandError(str(error)) from None
        if as_json:
            as_dict = letter.to_json_dict()
            parsed = {key: as_dict[key] for key in JSON_KEYS}
            self.stdout.write(json.dumps(parsed, ensure_ascii=False))
        for remark in plan.remarks:
            say(remark)
        if plan.duplicate_of is not None:
            say(f"Already imported as “{plan.duplicate_of}”: nothing was changed.")
            return
        if plan.errors:
            raise CommandError(" ".join(plan.errors))
        assert plan.area is not None  # no area matched is one of the plan's errors
        if dry_run:
            if plan.existing_inspection:
                say(f"Dry run: would update “{plan.existing_inspection}”. Nothing was saved.")
            else:
                say(
                    f"Dry run: would add a new {letter.kind} inspection for {plan.area.name}. "
                    "Nothing was saved."
                )
            return
        try:
            inspection = save_import(plan, filename=path.name, document=data)
        except ImportRefused as error:
            raise CommandError(str(error)) from None
        say(self.style.SUCCESS(f"Saved {inspection}."))
