"""Prescription of disputed invoice lines (CPCE L.34-2: 1 year).

The customer's claim to recover runs from payment, the operator's claim for unpaid amounts from
the due date; the invoice date is a provisional fallback. Rule
``invoice_prescription_one_year``. docs/procedure.md « Invoice lines ».
"""

from __future__ import annotations

from datetime import date

from dispute.calendar import add_days, format_date_fr
from dispute.model import InvoiceLine
from dispute.procedure.facts import CaseFacts
from dispute.procedure.results import (
    DATE_KIND_LABELS,
    Basis,
    Claim,
    DateKind,
    EventRef,
    InvoiceFlag,
    PrescriptionState,
)

RULES = frozenset({"invoice_prescription_one_year"})


def invoice_flag(facts: CaseFacts, line: InvoiceLine) -> InvoiceFlag:
    rule = facts.rule("invoice_prescription_one_year")
    title = f"Facture {line.invoice_number or '(sans numéro)'}"
    if line.label:
        title += f", « {line.label} »"
    if line.paid_on is not None:
        start, kind, claim = line.paid_on, DateKind.PAID, Claim.CUSTOMER_REFUND
    elif line.due_date is not None:
        start, kind, claim = line.due_date, DateKind.DUE, Claim.OPERATOR_PAYMENT
    elif line.invoice_date is not None:
        start, kind, claim = line.invoice_date, DateKind.INVOICE, Claim.UNKNOWN
    else:
        return InvoiceFlag(line.id, line.invoice_number, line.label, PrescriptionState.UNKNOWN,
                           Claim.UNKNOWN, None, None,
                           f"{title} : aucune date (paiement, échéance ou facture) ; "
                           "prescription non calculable.", Basis(rule))
    ref = EventRef(line.id, start, kind, title, provisional=kind is DateKind.INVOICE,
                   ref_type="invoice_line")
    limit = rule.apply(start)
    days_left = (limit - facts.today).days
    if facts.today > limit:
        state = PrescriptionState.PRESCRIBED
    elif days_left <= (rule.warning_days or 0):
        state = PrescriptionState.SOON
    else:
        state = PrescriptionState.OK
    message = _message(title, state, claim, kind, start, limit, days_left)
    return InvoiceFlag(line.id, line.invoice_number, line.label, state, claim, limit,
                       days_left, message, Basis(rule, ref))


def _message(title: str, state: PrescriptionState, claim: Claim, kind: DateKind,
             start: date, limit: date, days_left: int) -> str:
    since = f"{DATE_KIND_LABELS[kind]} : {format_date_fr(start)}"
    if claim is Claim.CUSTOMER_REFUND:
        what = "la demande de remboursement de l'abonné"
    elif claim is Claim.OPERATOR_PAYMENT:
        what = "la demande de paiement de l'opérateur"
    else:
        what = "la ligne (date de paiement et échéance inconnues, calcul depuis la facture)"
    if state is PrescriptionState.PRESCRIBED:
        text = (f"{title} ({since}) : plus d'un an écoulé, {what} est prescrite depuis le "
                f"{format_date_fr(add_days(limit, 1))} (L.34-2).")
    elif state is PrescriptionState.SOON:
        text = (f"{title} ({since}) : {what} sera prescrite après le {format_date_fr(limit)}, "
                f"dans {days_left} jour{'s' if days_left > 1 else ''} (L.34-2).")
    else:
        text = f"{title} ({since}) : {what} se prescrit après le {format_date_fr(limit)} (L.34-2)."
    if claim is Claim.OPERATOR_PAYMENT:
        text += " Si la facture a été payée, indiquer la date de paiement."
    return text
