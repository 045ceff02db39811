"""The blocks every letter has around its body: sender, recipient, place and date,
references, signature, enclosures, « dossier suivi par »."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal, InvalidOperation

from dispute.calendar import format_date_fr
from dispute.model import Case, Direction, EventKind, ExhibitKind
from dispute.outages import first_outage
from documents.content import Enclosure, Letter, Paragraph, RegisteredMail
from documents.letter_settings import LetterSettings
from documents.letters.core import Notes, line
from documents.letters.mandate_status import check_mandate, mandate_sentence
from documents.letters.steps import enclosures, references
from documents.letters.voice import (
    Voice,
    VoiceMode,
    followed_by,
    letter_place,
    sender_lines,
    signature_for,
)
from documents.money import amount_text, claim_totals
from documents.text import clean_text, period_fr, place_and_date


_BARE_AMOUNT = re.compile(
    r"\d[\d\s\u00a0]*(?:[,.]\d+)?\s?(?:€|euros?\b)"
    r"(?![\s\u00a0]*(?:HT|TTC|H\.T|T\.T\.C))", re.IGNORECASE)
"""An amount typed without its basis: « 15 € », « 10 euros » (not « 89,00 € HT »)."""


def check_tax_basis(case: Case, notes: Notes) -> None:
    """A business's own texts (the summary, the steps) quoted in its letters: an amount
    without HT or TTC is ambiguous (review T10); the user is told which one."""
    if not case.is_business:
        return
    texts = [case.summary] + [e.summary for e in case.events]
    found = [m.group(0).strip() for t in texts for m in _BARE_AMOUNT.finditer(t or "")]
    if found:
        shown = ", ".join(f"« {x} »" for x in dict.fromkeys(found[:3]))
        notes.add(f"Le résumé ou la chronologie cite un montant sans HT ni TTC ({shown}) : "
                  "pour une entreprise, précisez-le dans le texte.")


_DAYS_SAID = re.compile(
    r"\b(\d+)[\s\u00a0]*jours?\s+(?:sans\s+(?:service|ligne|connexion|internet|t[ée]l[ée]phone)"
    r"|d['’]interruption|de\s+coupure|de\s+panne)", re.IGNORECASE)
"""A count of days without service typed by the user: « 23 jours sans service »."""


def check_outage_days(case: Case, today: date, notes: Notes) -> None:
    """The user's own texts are quoted in the letters: a count of days without service that
    differs from the one the letters compute (``dispute.outages``) would print two figures
    for one outage. Checked when the case has a single, finished outage."""
    outages = [e for e in case.events if e.kind is EventKind.OUTAGE]
    span = first_outage(case, today)
    if len(outages) != 1 or span is None or not span.restored:
        return
    texts = [case.summary] + [e.summary for e in case.events]
    said = [" ".join(m.group(0).split()) for t in texts
            for m in _DAYS_SAID.finditer(clean_text(t)) if int(m.group(1)) != span.days]
    if said:
        shown = ", ".join(f"« {x} »" for x in dict.fromkeys(said[:3]))
        notes.add(f"Le résumé ou la chronologie dit {shown}, mais le courrier compte "
                  f"{span.days} jours {period_fr(span.start, span.end)} : le premier jour et "
                  "le jour du rétablissement comptent tous deux (le service a manqué une "
                  "partie de chacun). Corrigez le texte pour que les deux chiffres "
                  "concordent.")


_LINE_DAYS = re.compile(r"\b(\d+)[\s\u00a0]*jours?\b", re.IGNORECASE)
"""A count of days in an invoice line's label or note: « Prorata : 30 jours sans service »."""


def check_lines_to_date(case: Case, today: date, notes: Notes) -> None:
    """An invoice line dated after the letter, or one that counts more days than the outage
    has lasted at the letter's date (« 30 jours sans service sur 31 » on the 19th day), would
    claim what is not yet due: pointed out, the line is the user's (review5 10)."""
    span = first_outage(case, today)
    for il in case.invoice_lines:
        number = line(il.invoice_number) or "sans numéro"
        if il.invoice_date is not None and il.invoice_date > today:
            notes.add(f"La facture n°\u00a0{number} est datée du "
                      f"{format_date_fr(il.invoice_date)}, après la date du courrier "
                      f"({format_date_fr(today)}) : vérifiez sa date, ou composez le courrier "
                      "à une date postérieure.")
            continue
        if span is None or span.days is None:
            continue
        counts = [int(m.group(1)) for t in (il.label, il.note)
                  for m in _LINE_DAYS.finditer(clean_text(t))]
        if counts and max(counts) > span.days:
            lasted = (f"a duré {span.days} jours {period_fr(span.start, span.end)}"
                      if span.restored else
                      f"ne compte que {span.days} jours à la date du courrier (depuis le "
                      f"{format_date_fr(span.start)})")
            notes.add(f"La ligne contestée de la facture n°\u00a0{number} compte "
                      f"{max(counts)} jours sans service, mais l'interruption {lasted} : "
                      "corrigez la ligne (montant et note) pour qu'elle ne réclame que les "
                      "jours sans service.")


_GIVEN = re.compile(r"\bgeste commercial\b|\bun avoir\b|\bavoir (?:commercial|de \d)"
                    r"|\bremboursée?s?\b|\bremboursement de \d", re.IGNORECASE)
"""An answer that announces something given: « geste commercial d'un mois », « avoir de
10 € », « remboursement de 5 € » (not « refus de rembourser »)."""


def check_credits_recorded(case: Case, notes: Notes) -> None:
    """An answer of the operator announces a gesture, an avoir or a refund, and the case
    records none: the letters would claim as if nothing had been given (review2 5.1)."""
    if case.credits:
        return
    for ev in case.events_in_order():
        if ev.kind is EventKind.ANSWER and ev.direction is Direction.INCOMING \
                and ev.date is not None and _GIVEN.search(clean_text(ev.summary)):
            notes.add(f"La réponse du {format_date_fr(ev.date)} mentionne un geste commercial, "
                      "un avoir ou un remboursement : enregistrez-le (Avoirs, remboursements et "
                      "gestes reçus) pour que la demande en tienne compte.")


_AMOUNT = re.compile(r"(\d{1,3}(?:[ \u00a0\u202f.]\d{3})+|\d+)(?:,(\d{1,2}))?"
                     r"[ \u00a0\u202f]?(?:€|euros?\b)", re.IGNORECASE)
"""An amount typed by the user: « 151,36 € », « 1 234,50 € », « 15 euros »."""
_REMAINING = re.compile(r"\brest(?:e|ent|ant|ante|ants|antes)\b", re.IGNORECASE)
"""A sentence that says what remains: « Montant contesté restant : … », « il reste … »."""


def _amounts(text: str) -> list[tuple[str, Decimal]]:
    out = []
    for m in _AMOUNT.finditer(text):
        units = re.sub(r"[ \u00a0\u202f.]", "", m.group(1))
        try:
            out.append((m.group(0), Decimal(f"{units}.{m.group(2) or '0'}")))
        except InvalidOperation:  # pragma: no cover - the pattern only matches digits
            continue
    return out


def check_remaining_amount(case: Case, notes: Notes) -> None:
    """The user's summary and steps are quoted in the letters: once a credit is deducted, a
    remaining amount they state that is not the net claimed (« Montant contesté restant :
    151,36 € HT » beside « Montant demandé : 136,36 € HT ») shows the reader two figures for
    one claim (review2 6.2). Pointed out; the text is the user's, never rewritten."""
    totals = claim_totals(case)
    if not totals.credits_deducted or not totals.disputed.positive:
        return
    net = {totals.claimed.ht, totals.claimed.ttc}
    said = []
    for text in [case.summary] + [e.summary for e in case.events]:
        for part in re.split(r"(?<=[.!?;])\s+|\n", clean_text(text)):
            if _REMAINING.search(part):
                said += [" ".join(shown.split()) for shown, value in _amounts(part)
                         if value not in net]
    if said:
        shown = ", ".join(f"« {x} »" for x in dict.fromkeys(said[:3]))
        notes.add(f"Le résumé ou la chronologie donne comme montant restant {shown}, mais, "
                  "déduction faite des avoirs et gestes enregistrés, le courrier demande "
                  f"{amount_text(case, totals.claimed)} : corrigez le texte pour que le lecteur "
                  "ne voie pas deux montants pour une même demande.")


def without_mandate(case: Case, exhibit_ids: Sequence[str] | None) -> list[str]:
    """``exhibit_ids`` (None: every exhibit) without the signed mandate's scans: the exhibits
    of a « Mandat signé » event or of the kind « mandat ». The mandate given to the structure
    tells the operator nothing in a letter the subscriber signs (fresh-eyes 27: the company's
    own mise en demeure listed « Pièce n° 5 : Mandat signé le 01/12/2026 »)."""
    mandate = {i for e in case.events if e.kind is EventKind.MANDATE_SIGNED
               for i in e.exhibit_ids}
    mandate |= {x.id for x in case.exhibits if x.kind is ExhibitKind.MANDATE}
    chosen = [x.id for x in case.exhibits] if exhibit_ids is None else list(exhibit_ids)
    return [i for i in chosen if i not in mandate]


def build_letter(case: Case, settings: LetterSettings, today: date, voice: Voice, notes: Notes, *,
            recipient: list[str], subject: str, body: list, exhibit_ids, closing: str | None = None,
            salutation: str = "Madame, Monsieur,", registered: bool = True,
            to_operator: bool = True, also_enclosed: Sequence[str] = (),
                 signed: bool = True, form: bool = False, followed: bool = True,
                 cites_mandate: bool = False, mandate_enclosed: bool | None = None) -> Letter:
    """The Letter with the blocks every letter has (sender, recipient, place and date,
    references, signature, enclosures, « dossier suivi par »). ``also_enclosed``: documents
    enclosed that are not numbered exhibits (a form, a summary sheet, the mandate), listed
    after the exhibits so that the letter lists exactly what the envelope holds. ``closing``
    None: the voice's formula; "" none (a form, a request to a court). ``signed`` False: no
    signature block (the mandate carries both parties' signatures in its body). ``form``: a
    document to sign or to copy, not posted (the mandate, the Médiateur des entreprises'
    fiche): no sender, recipient, place and date, references, « dossier suivi par »,
    salutation, closing nor signature block; the subject is its title. ``followed`` False:
    no « Dossier suivi par » (an act filed with a court or a prosecutor, where a structure that
    cannot represent the subscriber must not look like its representative: review2 3.3).
    A letter the structure signs says the mandate it acts under after its first paragraph
    (``mandate_status.mandate_sentence``, review2 1.1), which must therefore be the
    structure's presentation, ending a sentence, never an announcement ending in « : »
    (review5 1: « les montants suivants : » cut from its table; tests/test_review5_letters.py
    reads every letter kind), unless ``cites_mandate`` (the CPME
    request says it in its own words). The signed mandate's scan is enclosed only where it
    is the power the letter is sent under (``mandate_enclosed``; None: a letter the structure
    signs, or one that ``cites_mandate``); the telecom mediator's saisine passes True
    (fresh-eyes 27)."""
    check_mandate(case, voice, notes)
    if not (mandate_enclosed if mandate_enclosed is not None
            else voice.mode is VoiceMode.STRUCTURE or cites_mandate):
        exhibit_ids = without_mandate(case, exhibit_ids)
    mandate = "" if cites_mandate or form else mandate_sentence(case, voice, notes, exhibit_ids)
    if mandate:
        first = next((i for i, b in enumerate(body) if isinstance(b, Paragraph)), None)
        at = 0 if first is None else first + 1
        body = [*body[:at], Paragraph.of(mandate), *body[at:]]
    check_tax_basis(case, notes)
    check_outage_days(case, today, notes)
    check_lines_to_date(case, today, notes)
    check_credits_recorded(case, notes)
    check_remaining_amount(case, notes)
    if form:
        return Letter(sender=(), recipient=(), place_and_date="", subject=subject,
                      body=tuple(body), salutation="", closing="", signature=None,
                      registered=None, references=(),
                      enclosures=tuple(enclosures(case, exhibit_ids))
                      + tuple(Enclosure(0, text) for text in also_enclosed),
                      date=today, form=True)
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
        followed_by=followed_by(voice) if followed else "",
        date=today,
    )
