"""5. The billing contestation: the disputed invoice lines in a table, the amount asked back
(seeds/002)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from dispute.calendar import format_date_fr
from dispute.labels import label
from dispute.model import Case, Counterpart
from dispute.procedure import Assessment, Claim, PrescriptionState
from dispute.letter_kinds import LetterKind
from documents.content import Align, Letter, Paragraph, Table
from documents.letters.claims import commitment_blocks, contract_phrase
from documents.letters.core import LetterSpec, Notes, Request, Signer, euros, line
from documents.letters.frame import build_letter
from documents.letters.recipients import operator_recipient
from documents.letters.steps import chronology, operator_exchange
from documents.letters.voice import Voice, by, voice_of
from documents.text import NBSP

SIGNER = Signer.SUBSCRIBER_OR_STRUCTURE


def availability(case: Case, a: Assessment) -> tuple[bool, str]:
    if case.invoice_lines:
        return True, f"{len(case.invoice_lines)} ligne(s) de facture contestée(s) (seeds/002)."
    return False, "Aucune ligne de facture contestée n'est enregistrée."


def invoice_table(case: Case, notes: Notes) -> Table:
    rows = []
    for il in sorted(case.invoice_lines,
                     key=lambda x: (x.invoice_date is None, x.invoice_date or date.min)):
        reason = label(il.reason)
        if line(il.note):
            reason += f" — {line(il.note)}"
        rows.append((
            line(il.invoice_number) or "—",
            format_date_fr(il.invoice_date) if il.invoice_date else "—",
            line(il.label) or "—",
            euros(il.amount_billed, notes),
            euros(il.amount_disputed, notes),
            reason,
        ))
        if il.amount_disputed > il.amount_billed:
            notes.add(f"Facture {line(il.invoice_number)} : le montant contesté dépasse le "
                      "montant facturé, à vérifier.")
    billed = sum((il.amount_billed for il in case.invoice_lines), Decimal("0.00"))
    return Table(
        header=("Facture n°", "Date", "Libellé", "Facturé", "Contesté", "Motif"),
        rows=tuple(rows),
        align=(Align.LEFT, Align.LEFT, Align.LEFT, Align.RIGHT, Align.RIGHT, Align.LEFT),
        total=("Total", "", "", euros(billed, notes), euros(case.total_disputed(), notes), ""),
        widths=(1.65, 1.1, 1.9, 0.95, 0.95, 2.15),
    )


def prescription_paragraphs(case: Case, assessment: Assessment, v: Voice,
                            notes: Notes) -> list:
    """L.34-2 stated as a fact with its source, only for lines close to prescription."""
    out = []
    for flag in assessment.invoice_flags:
        if flag.state is PrescriptionState.PRESCRIBED:
            notes.add(f"{flag.message} Envisagez de retirer cette ligne de la contestation.")
            continue
        if flag.state is not PrescriptionState.SOON or flag.basis.event is None:
            continue
        notes.add(f"Ligne proche de la prescription : {flag.message}")
        article = flag.basis.rule.articles[0] if flag.basis.rule.articles else \
            flag.basis.rule.source_label
        start = format_date_fr(flag.basis.event.date)
        limit = format_date_fr(flag.limit)
        what = f"la ligne « {line(flag.label)} » de la facture n°{NBSP}{line(flag.invoice_number)}"
        if flag.claim is Claim.CUSTOMER_REFUND:
            out.append(Paragraph.of(
                f"Pour mémoire, les demandes en restitution du prix des prestations se "
                f"prescrivent par un an à compter du paiement ({article}) : pour {what}, payée "
                f"le {start}, ce délai expire le {limit}."))
        elif flag.claim is Claim.OPERATOR_PAYMENT:
            out.append(Paragraph.of(
                f"Pour mémoire, les sommes dues qui ne sont pas réclamées dans un délai d'un an "
                f"à compter de leur exigibilité sont prescrites ({article}) : pour {what}, "
                f"échue le {start}, ce délai expire le {limit}."))
    return out


def compose(r: Request) -> Letter:
    case, assessment, settings, today, notes, exhibit_ids = (
        r.case, r.assessment, r.settings, r.today, r.notes, r.exhibit_ids)
    v = voice_of(r, SIGNER)
    if not case.invoice_lines:
        notes.add("Aucune ligne de facture contestée n'est enregistrée : le tableau est vide.")
    intro = by(
        v,
        f"Titulaire {contract_phrase(case)}, j'ai examiné ligne par ligne les factures reçues "
        "et je conteste les montants suivants :",
        f"Notre société, {v.subscriber}, titulaire {contract_phrase(case)}, a examiné ligne par "
        "ligne les factures reçues et conteste les montants suivants :",
        f"Nous intervenons pour le compte de {v.subscriber}, titulaire {contract_phrase(case)}. "
        "Après examen ligne par ligne de ses factures, nous contestons les montants suivants :",
    )
    total = euros(case.total_disputed(), notes)
    body: list = [Paragraph.of(intro), invoice_table(case, notes)]
    steps = chronology(case, today, notes, to_operator=True, keep=operator_exchange)
    if steps is not None:
        body += [Paragraph.of("Ces montants ont déjà été contestés auprès de vos services :"),
                 steps]
    body += commitment_blocks(case, v, notes, to_operator=True)
    ask = by(v, f"Je vous demande en conséquence le remboursement de la somme de {total}, par "
                 "virement ou sous forme d'avoir, ainsi que l'envoi de factures rectifiées.",
              f"Nous vous demandons en conséquence le remboursement de la somme de {total}, par "
              "virement ou sous forme d'avoir, ainsi que l'envoi de factures rectifiées.",
              f"Nous vous demandons en conséquence le remboursement à {v.subscriber} de la somme "
              f"de {total}, par virement ou sous forme d'avoir, ainsi que l'envoi de factures "
              "rectifiées.")
    body.append(Paragraph.of(ask))
    body += prescription_paragraphs(case, assessment, v, notes)
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
                    f" — factures n°{NBSP}{', '.join(numbers[:-1])} et {numbers[-1]}")
    return build_letter(case, settings, today, v, notes, recipient=recipient, subject=subject,
                   body=body, exhibit_ids=exhibit_ids)


SPEC = LetterSpec(LetterKind.BILLING, "Service clients (ou consommateurs) de l'opérateur",
                  SIGNER, availability, compose)
