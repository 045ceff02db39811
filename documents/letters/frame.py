"""The blocks every letter has around its body: sender, recipient, place and date,
references, signature, enclosures, « dossier suivi par »."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from dispute.model import Case
from documents.content import Enclosure, Letter, RegisteredMail
from documents.letter_settings import LetterSettings
from documents.letters.core import Notes, line
from documents.letters.mandate_status import check_mandate
from documents.letters.steps import enclosures, references
from documents.letters.voice import Voice, followed_by, letter_place, sender_lines, signature_for
from documents.text import place_and_date


def build_letter(case: Case, settings: LetterSettings, today: date, voice: Voice, notes: Notes, *,
            recipient: list[str], subject: str, body: list, exhibit_ids, closing: str | None = None,
            salutation: str = "Madame, Monsieur,", registered: bool = True,
            to_operator: bool = True, also_enclosed: Sequence[str] = (),
                 signed: bool = True) -> Letter:
    """The Letter with the blocks every letter has (sender, recipient, place and date,
    references, signature, enclosures, « dossier suivi par »). ``also_enclosed``: documents
    enclosed that are not numbered exhibits (a form, a summary sheet, the mandate), listed
    after the exhibits so that the letter lists exactly what the envelope holds. ``closing``
    None: the voice's formula; "" none (a form, a request to a court). ``signed`` False: no
    signature block (the mandate carries both parties' signatures in its body)."""
    check_mandate(case, voice, notes)
    return Letter(
        sender=tuple(sender_lines(case, voice, notes)),
        recipient=tuple(recipient),
        place_and_date=place_and_date(letter_place(case, voice, settings), today),
        subject=subject,
        body=tuple(body),
        salutation=salutation,
        closing=voice.closing() if closing is None else closing,
        signature=signature_for(case, voice, notes, settings) if signed else None,
        registered=RegisteredMail(line(settings.registered_number)) if registered else None,
        references=tuple(references(case, to_operator=to_operator)),
        enclosures=tuple(enclosures(case, exhibit_ids))
        + tuple(Enclosure(0, text) for text in also_enclosed),
        followed_by=followed_by(voice),
        date=today,
    )
