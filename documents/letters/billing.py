"""5. The billing contestation: the disputed invoice lines in a table, the amount asked back
(seeds/002)."""

from __future__ import annotations

from datetime import date

from dispute.labels import label
from dispute.letter_kinds import LetterKind
from dispute.model import Case, Counterpart, InvoiceReason
from dispute.procedure import Assessment, PrescriptionState, sent_on
from documents.content import Align, Letter, Paragraph, Table
from documents.letters.claims import (
    commitment_blocks,
    contract_phrase,
    credit_paragraphs,
    strict_liability,
)
from documents.letters.core import LetterSpec, Notes, Request, Signer, euros, join_fr, line
from documents.letters.frame import build_letter
from documents.money import Amount, amount_of, claimed_text, single_amount_text
from documents.letters.recipients import operator_recipient
from documents.letters.steps import chronology, operator_exchange
from documents.letters.voice import VoiceMode, by, holder_opening, voice_of
from documents.text import NBSP

SIGNER = Signer.SUBSCRIBER_OR_STRUCTURE


def _short_date(d: date | None) -> str:
    """« 05/03/2026 »: a table column that never splits a date over two lines."""
    return d.strftime("%d/%m/%Y") if d else "—"


def invoice_table(case: Case, notes: Notes) -> Table:
    """The disputed lines. A business's amounts carry their basis (« 89,00 € HT ») and the
    totals are in HT; a private subscriber's are TTC."""
    rows = []
    billed = disputed = Amount()
    for il in sorted(case.invoice_lines,
                     key=lambda x: (x.invoice_date is None, x.invoice_date or date.min)):
        reason = label(il.reason)
        if line(il.note):
            reason += f" — {line(il.note)}"
        rows.append((
            line(il.invoice_number) or "—",
            _short_date(il.invoice_date),
            line(il.label) or "—",
            single_amount_text(case, il.amount_billed, il.tax_basis, il.vat_rate, notes),
            single_amount_text(case, il.amount_disputed, il.tax_basis, il.vat_rate, notes),
            reason,
        ))
        billed += amount_of(il.amount_billed, il.tax_basis, il.vat_rate)
        disputed += amount_of(il.amount_disputed, il.tax_basis, il.vat_rate)
        if il.amount_disputed > il.amount_billed:
            notes.add(f"Facture {line(il.invoice_number)} : le montant contesté dépasse le "
                      "montant facturé, à vérifier.")

    def total(amount: Amount) -> str:
        if case.is_business:
            return f"{euros(amount.ht, notes)}{NBSP}HT"
        return euros(amount.ttc, notes)

    return Table(
        header=("Facture n°", "Date", "Libellé", "Facturé", "Contesté", "Motif"),
        rows=tuple(rows),
        align=(Align.LEFT, Align.LEFT, Align.LEFT, Align.RIGHT, Align.RIGHT, Align.LEFT),
        total=("Total", "", "", total(billed), total(disputed), ""),
        widths=(1.45, 1.2, 1.6, 1.3, 1.3, 1.75),
    )


PROOFS = {
    InvoiceReason.OUT_OF_PLAN: "relevé détaillé des communications",
    InvoiceReason.NOT_ORDERED: "preuve de la commande des options facturées",
}
"""What the operator is asked to produce for a line, by its reason (review3 7.3: a detailed
statement for out-of-plan calls, the order for a service not ordered)."""


def justification(case: Case) -> str:
    """The brackets after « justifier chacune de ces lignes » (seeds/002: each line explained):
    « (relevé détaillé des communications) » for out-of-plan calls, the order for a service
    not ordered; "" when no line's reason calls for a particular proof (a subscription billed
    without the service, review3 7.3)."""
    proofs = list(dict.fromkeys(PROOFS[il.reason] for il in case.invoice_lines
                                if il.reason in PROOFS))
    return f" ({', '.join(proofs)})" if proofs else ""


def steps_lead_in(case: Case, today: date) -> str:
    """« Ces montants ont déjà été contestés auprès de vos services : » when a step came after
    the last disputed invoice; before it, the steps could not contest its amounts: « Ces
    faits ont déjà été signalés à vos services : » (review3 7.3: two calls of March recalled
    as contesting the April invoice)."""
    dates = [il.invoice_date for il in case.invoice_lines if il.invoice_date is not None]
    steps = [sent_on(e) for e in case.events
             if operator_exchange(e) and sent_on(e) is not None and sent_on(e) <= today]
    if dates and steps and max(steps) < max(dates):
        return "Ces faits ont déjà été signalés à vos services :"
    return "Ces montants ont déjà été contestés auprès de vos services :"


def prescription_notes(assessment: Assessment, notes: Notes) -> None:
    """L.34-2 for the user only: a letter to the operator never mentions prescription (a
    letter does not interrupt it, Cass. com. 18 May 2022; telling the operator the date
    only helps the operator). The case view shows « agir avant le … »."""
    for flag in assessment.invoice_flags:
        if flag.state is PrescriptionState.PRESCRIBED:
            # never advise withdrawing it: the prescription is for the operator to raise
            # (review 4.1; C. civ. art. 2247, general knowledge, to check)
            notes.add(f"{flag.message} L'opérateur pourra opposer la prescription d'un an "
                      "(L.34-2) à cette ligne ; vous pouvez la maintenir dans la demande "
                      "amiable, mais ne comptez pas dessus devant le juge.")
        elif flag.state is PrescriptionState.SOON:
            # what suspends or interrupts it is in the engine's message (review3 10.2)
            notes.add(f"Ligne proche de la prescription : {flag.message} Un courrier, même "
                      "une mise en demeure, ne l'interrompt pas.")


def compose(r: Request) -> Letter:
    case, assessment, settings, today, notes, exhibit_ids = (
        r.case, r.assessment, r.settings, r.today, r.notes, r.exhibit_ids)
    v = voice_of(r, SIGNER)
    if not case.invoice_lines:
        notes.add("Aucune ligne de facture contestée n'est enregistrée : le tableau est vide.")
    contract = contract_phrase(case)
    opening = holder_opening(v, contract)
    announce = by(
        v,
        f"{opening}, j'ai examiné ligne par ligne les factures reçues et je conteste les "
        "montants suivants :",
        f"{v.entity}, {v.subscriber}, {v.holder} {contract}, a examiné ligne par ligne les "
        "factures reçues et conteste les montants suivants :",
        f"Après examen ligne par ligne de {'leurs' if v.several else 'ses'} factures, nous "
        "contestons les montants suivants :",
        f"{opening}, nous avons examiné ligne par ligne les factures reçues et nous contestons "
        "les montants suivants :",
    )
    intro = [announce]
    if v.mode is VoiceMode.STRUCTURE:
        # the structure presents itself in a paragraph of its own: the mandate sentence the
        # frame adds after the first paragraph then never stands between « les montants
        # suivants : » and the table it announces (review5 1)
        intro.insert(0, f"Nous intervenons pour le compte de {v.member_named}, {v.holder} "
                        f"{contract}.")
    total = claimed_text(case, notes)
    body: list = [*(Paragraph.of(p) for p in intro), invoice_table(case, notes)]
    steps = chronology(case, today, notes, to_operator=True, keep=operator_exchange, signer=v)
    if steps is not None:
        body += [Paragraph.of(steps_lead_in(case, today)), steps]
    body += commitment_blocks(case, v, notes, to_operator=True)
    body += strict_liability(case, notes)
    # the sum ends the sentence: « …de la somme de 69,99 € HT (83,99 € TTC) : 79,99 € HT
    # (95,99 € TTC) contestés, moins l'avoir … » (review T1, T6)
    asked = ("l'envoi de factures rectifiées et le remboursement, par virement ou par avoir, "
             f"de la somme de {total}.")
    ask = by(v, f"Je vous demande en conséquence {asked}",
             f"Nous vous demandons en conséquence {asked}",
             f"Nous vous demandons en conséquence, pour le compte de {v.member}, {asked}",
             f"Nous vous demandons en conséquence {asked}")
    body.append(Paragraph.of(ask))
    # what the credits received do to that sum, right after it (review5 9)
    body += credit_paragraphs(case, notes, today)
    proofs = justification(case)  # seeds/002: each line explained (review 4.2)
    body.append(Paragraph.of(by(
        v, f"À défaut de rectification, je vous demande de me justifier chacune de ces "
           f"lignes{proofs}.",
        f"À défaut de rectification, nous vous demandons de nous justifier chacune de ces "
        f"lignes{proofs}.",
        f"À défaut de rectification, nous vous demandons de justifier chacune de ces "
        f"lignes{proofs}.",
        f"À défaut de rectification, nous vous demandons de nous justifier chacune de ces "
        f"lignes{proofs}.")))
    prescription_notes(assessment, notes)
    body.append(Paragraph.of(v.pick(
        "Je vous remercie de me répondre par écrit dans un délai d'un mois.",
        "Nous vous remercions de nous répondre par écrit dans un délai d'un mois.")))
    second = any(e.counterpart is Counterpart.SERVICE_CONSOMMATEURS for e in case.events)
    recipient = operator_recipient(case, "consommateurs" if second else "clients", notes)
    numbers = list(dict.fromkeys(line(il.invoice_number) for il in case.invoice_lines
                                 if line(il.invoice_number)))
    subject = "Contestation de facturation"
    if numbers:
        subject += (f" — facture n°{NBSP}{numbers[0]}" if len(numbers) == 1 else
                    f" — factures nos{NBSP}{join_fr(numbers)}")
    return build_letter(case, settings, today, v, notes, recipient=recipient, subject=subject,
                        body=body, exhibit_ids=exhibit_ids)


SPEC = LetterSpec(LetterKind.BILLING, "Service clients (ou consommateurs) de l'opérateur",
                  SIGNER, compose)
