from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from letters.importing import ImportPlan, ImportRefused, read_document, save_import
from letters.reader import LetterError

SUFFIXES = {".pdf", ".txt"}


class Command(BaseCommand):
    help = (
        "Imports every letter or report (PDF or text) in a folder, as import_letter does one: "
        "says for each file whether it was saved, already imported or refused, with its warnings."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="read and match, save nothing")

    def handle(self, folder: Path, dry_run: bool, **options: object) -> None:
        if not folder.is_dir():
            raise CommandError(f"{folder} is not a folder.")
        paths = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)
        if not paths:
            raise CommandError(f"{folder} holds no PDF or text files.")
        tally = {"saved": 0, "already imported": 0, "refused": 0}
        for path in paths:
            outcome, message, plan = self.import_one(path, dry_run)
            tally[outcome] += 1
            style = {"saved": self.style.SUCCESS, "refused": self.style.ERROR}.get(outcome, str)
            self.stdout.write(style(f"{path.name}: {message}"))
            for remark in plan.remarks if plan is not None else []:
                self.stdout.write(f"    {remark}")
        verb = "would be saved" if dry_run else "saved"
        summary = (
            f"{len(paths)} file{'s' if len(paths) != 1 else ''}: {tally['saved']} {verb}, "
            f"{tally['already imported']} already imported, {tally['refused']} refused."
        )
        if dry_run:
            summary += " Nothing was saved."
        if tally["refused"]:
            raise CommandError(summary)
        self.stdout.write(summary)

    def import_one(self, path: Path, dry_run: bool) -> tuple[str, str, ImportPlan | None]:
        """What became of one file: (saved / already imported / refused, what to say, and the
        plan, whose date note and warnings follow; None when the file could not be read)."""
        try:
            data = path.read_bytes()
            text, letter, plan = read_document(data, filename=path.name)
        except OSError as error:
            return "refused", f"refused: cannot read it ({error.strerror}).", None
        except LetterError as error:
            return "refused", f"refused: {error}", None
        if plan.duplicate_of is not None:
            return "already imported", f"already imported as “{plan.duplicate_of}”.", plan
        if plan.errors:
            return "refused", "refused: " + " ".join(plan.errors), plan
        assert plan.area is not None  # no area matched is one of the plan's errors
        if dry_run:
            target = (
                f"would update “{plan.existing_inspection}”"
                if plan.existing_inspection
                else f"would add a new {letter.kind} inspection for {plan.area.name}"
            )
            return "saved", f"{target}.", plan
        try:
            inspection = save_import(plan, filename=path.name, document=data)
        except ImportRefused as error:
            return "refused", f"refused: {error}", plan
        return "saved", f"saved as {inspection}.", plan
