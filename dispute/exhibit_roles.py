"""Which exhibits hold what: one rule for the mediator's checklist, the list of missing
exhibits (bordereau, Médiateur des entreprises) and the letters naming the exhibit of each
disputed invoice.

An exhibit says what it is (``Exhibit.kind``, case model v3). One whose kind is not said
(``ExhibitKind.OTHER``: every exhibit the migration from version 2 could not type, and what
the user left « autre ») is still read by words of its title, as before version 3, so that an
older dossier keeps its checklist; an exhibit typed otherwise is never taken for something
else because of its title (« Réclamation sur la facture F2604 » is no invoice).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from dispute.accents import strip_accents
from dispute.model import Case, Event, ExhibitKind

TITLE_WORDS: dict[ExhibitKind, str] = {
    ExhibitKind.CONTRACT: r"\bcontrat|recapitulatif|conditions particulieres|bon de commande|"
                          r"souscription",
    ExhibitKind.INVOICE: r"\bfacture",
    ExhibitKind.PAYMENT_PROOF: r"paiement|preleve|prelevement|releve de compte|releve bancaire|"
                               r"virement|avis d'echeance",
    ExhibitKind.IDENTITY: r"identite|\bcni\b|passeport|kbis|titre de sejour",
    ExhibitKind.MANDATE: r"\bmandat|procuration|pouvoir",
    ExhibitKind.RECEIPT: r"avis de reception|accuse de reception|preuve de depot|recepisse",
}
"""Words of a title (accents removed, any case) that say what an exhibit of unsaid kind
holds. Complaints and answers are recognised by the events they are attached to instead."""

_TITLE_RES = {kind: re.compile(words, re.IGNORECASE) for kind, words in TITLE_WORDS.items()}


def _text(exhibit) -> str:
    return strip_accents(f"{exhibit.title} {exhibit.original_name}")


def kind_from_title(title: str) -> ExhibitKind:
    """The kind the words of ``title`` suggest (« other » when none or several do): a default
    shown to the user, who corrects it, never a decision taken alone."""
    text = strip_accents(title)
    found = [kind for kind, regex in _TITLE_RES.items() if regex.search(text)]
    return found[0] if len(found) == 1 else ExhibitKind.OTHER


def holds(exhibit, kind: ExhibitKind) -> bool:
    """Whether ``exhibit`` is a ``kind``: its kind says so, or its kind is not said and words
    of its title do."""
    if exhibit.kind is kind:
        return True
    regex = _TITLE_RES.get(kind)
    return exhibit.kind is ExhibitKind.OTHER and regex is not None and bool(
        regex.search(_text(exhibit)))


def numbers_of(case: Case, kind: ExhibitKind) -> list[int]:
    """The numbers of the case's exhibits that are a ``kind``, in order."""
    return sorted(x.number for x in case.exhibits if x.number > 0 and holds(x, kind))


def _squeezed(text: str) -> str:
    return re.sub(r"[\s\u00a0]+", "", text).casefold()


def disputed_invoice_numbers(case: Case) -> list[str]:
    """The numbers of the disputed invoices, once each, in the case's order."""
    return list(dict.fromkeys(" ".join(il.invoice_number.split()) for il in case.invoice_lines
                              if il.invoice_number.strip()))


def names_invoice(exhibit, number: str) -> bool:
    """Whether ``exhibit`` is the invoice ``number``: an invoice, or an exhibit of unsaid
    kind, whose title or file name holds the number (spaces ignored: « F2604 0031872 »)."""
    if exhibit.kind not in (ExhibitKind.INVOICE, ExhibitKind.OTHER):
        return False
    key = _squeezed(number)
    return bool(key) and key in _squeezed(f"{exhibit.title} {exhibit.original_name}")


def invoice_exhibits(case: Case) -> dict[str, tuple[int, ...]]:
    """Each disputed invoice (by number, in the case's order) and the numbers of the exhibits
    that are it; empty when none is (review 6.5, 7.6).

    An exhibit is an invoice when it names the number (:func:`names_invoice`). An invoice
    exhibit (typed « Facture », or of unsaid kind titled « facture ») that names no disputed
    number is linked too (fresh-eyes 12: « Facture SFR du 1er octobre 2026 » joined, and the
    letters still asked to join FAC-2026-10-778): to the invoice whose date is the exhibit's,
    else, when exactly one invoice and one such exhibit are left, to that invoice. Anything
    less certain stays unlinked, and the letters say how to link it."""
    numbers = disputed_invoice_numbers(case)
    out = {number: tuple(sorted(x.number for x in case.exhibits
                                if x.number > 0 and names_invoice(x, number)))
           for number in numbers}
    free = [x for x in sorted(case.exhibits, key=lambda x: x.number)
            if x.number > 0 and holds(x, ExhibitKind.INVOICE)
            and not any(names_invoice(x, n) for n in numbers)]
    dates: dict[str, set] = {}
    for il in case.invoice_lines:
        if il.invoice_date is not None and il.invoice_number.strip():
            dates.setdefault(" ".join(il.invoice_number.split()), set()).add(il.invoice_date)
    for number in [n for n in numbers if not out[n]]:
        same_day = [x for x in free if x.date is not None and x.date in dates.get(number, ())]
        if same_day:
            out[number] = tuple(x.number for x in same_day)
            free = [x for x in free if x not in same_day]
    left = [n for n in numbers if not out[n]]
    if len(left) == 1 and len(free) == 1:
        out[left[0]] = (free[0].number,)
    return out


UNLINKED_INVOICE = ("Facture n° {number} contestée : aucune pièce n'est reconnue comme "
                    "cette facture. Joignez-la, ou, si elle est déjà jointe, donnez à sa pièce "
                    "le type « Facture » et mettez « {number} » dans son titre.")
"""What to do when a disputed invoice is linked to no exhibit (shown above the letters and
the dossier: the rule of :func:`invoice_exhibits` is not guessed by the user)."""


def invoice_numbers(case: Case) -> list[int]:
    """Every exhibit that is an invoice: typed so, titled « facture », or naming a disputed
    invoice."""
    named = {n for numbers in invoice_exhibits(case).values() for n in numbers}
    return sorted(named | set(numbers_of(case, ExhibitKind.INVOICE)))


COPY_KINDS: dict[str, frozenset[ExhibitKind]] = {
    "complaint": frozenset({ExhibitKind.COMPLAINT, ExhibitKind.OTHER}),
    "answer": frozenset({ExhibitKind.ANSWER, ExhibitKind.OTHER}),
}
"""The exhibits of an event that may be the copy of a written complaint or of an answer: an
avis de réception attached to a registered letter is not its copy."""


def copies(case: Case, event: Event, role: str) -> list[int]:
    """The numbers of the exhibits attached to ``event`` that may be its copy (``role``:
    ``"complaint"`` or ``"answer"``); an exhibit of unsaid kind titled as a receipt is not."""
    kinds = COPY_KINDS[role]
    out = []
    for exhibit_id in event.exhibit_ids:
        x = case.exhibit(exhibit_id)
        if x is None or x.number <= 0 or x.kind not in kinds:
            continue
        if x.kind is ExhibitKind.OTHER and holds(x, ExhibitKind.RECEIPT):
            continue
        out.append(x.number)
    return out


def attached(case: Case, ids: Iterable[str]) -> list[int]:
    """The numbers of the exhibits ``ids`` still in the case."""
    out = []
    for i in ids:
        x = case.exhibit(i)
        if x is not None and x.number > 0:
            out.append(x.number)
    return out
