from pathlib import Path

import pytest

from inspections.models import Inspection

CB_REVISIT = (
    Path(__file__).resolve().parent.parent / "data" / "letters" / "000_aed773c308996f1a.txt"
)


@pytest.fixture
def central_beds_revisit_letter_not_yet_imported(national_data):
    """Central Bedfordshire's revisit held without its letter, and the letter in a new form
    (so neither its fingerprint nor its record says it was imported): a letter with no
    warnings, ready to save."""
    revisit = Inspection.objects.get(area__slug="central-bedfordshire", kind="revisit")
    for letter in revisit.sources.filter(kind="letter"):
        revisit.sources.remove(letter)
    return (CB_REVISIT.read_text() + "\nPasted by an admin.\n").encode()
