"""French labels for the values of ``dispute.model`` (what the user reads)."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

from dispute.accents import strip_accents
from dispute.model import (
    AnswerOutcome,
    BusinessForm,
    CaseStatus,
    Civility,
    Counterpart,
    CreditKind,
    Direction,
    DisputeNature,
    EventKind,
    ExhibitKind,
    InvoiceReason,
    LineKind,
    Obtained,
    OutcomeResult,
    Party,
    Sender,
    SettlementRoute,
    StructureKind,
    SubscriberKind,
    TaxBasis,
    Voice,
)

if TYPE_CHECKING:
    from dispute.model import Case

_PAIRS: tuple[tuple[Enum, str], ...] = (
    (SubscriberKind.PRIVATE, "Particulier"),
    (SubscriberKind.BUSINESS, "Entreprise ou structure professionnelle"),
    (LineKind.FIXED, "Ligne fixe"),
    (LineKind.MOBILE, "Ligne mobile"),
    (LineKind.INTERNET, "Accès internet"),
    (LineKind.TV, "Télévision"),
    (LineKind.OTHER, "Autre service"),
    (DisputeNature.MISSING_SERVICE, "Absence d'un ou plusieurs services"),
    (DisputeNature.TRANSFER_ON_MOVE, "Transfert de ligne lors d'un déménagement"),
    (DisputeNature.LINE_OVERWRITTEN, "Écrasement de ligne"),
    (DisputeNature.BILLING, "Mauvaise facturation"),
    (DisputeNature.OUTAGE, "Panne ou interruption de service"),
    (DisputeNature.TERMINATION, "Résiliation"),
    (DisputeNature.PORTABILITY, "Portabilité du numéro"),
    (DisputeNature.OTHER, "Autre"),
    (EventKind.CALL, "Appel téléphonique"),
    (EventKind.LETTER, "Courrier simple"),
    (EventKind.REGISTERED_LETTER, "Lettre recommandée avec accusé de réception"),
    (EventKind.EMAIL, "Courriel"),
    (EventKind.CHAT, "Échange par messagerie instantanée (chat)"),
    (EventKind.SHOP_VISIT, "Visite en boutique"),
    (EventKind.TECHNICIAN_VISIT, "Intervention d'un technicien"),
    (EventKind.OUTAGE, "Panne"),
    (EventKind.ANSWER, "Réponse reçue"),
    (EventKind.SAISINE, "Saisine"),
    (EventKind.MEDIATOR_OPINION, "Avis du médiateur"),
    (EventKind.PARTY_POSITION, "Position d'une partie sur l'avis"),
    (EventKind.COURT_ACTION, "Action en justice"),
    (EventKind.DGCCRF_REPORT, "Signalement à la DGCCRF"),
    (EventKind.PROCUREUR_COMPLAINT, "Plainte auprès du procureur de la République"),
    (EventKind.MANDATE_SIGNED, "Mandat signé par l'abonné"),
    (EventKind.OTHER, "Autre événement"),
    (Counterpart.SERVICE_CLIENTS, "Service clients"),
    (Counterpart.SERVICE_CONSOMMATEURS, "Service consommateurs"),
    (Counterpart.OPERATOR_OTHER, "Opérateur (autre service)"),
    (Counterpart.MEDIATOR, "Médiateur des communications électroniques"),
    (Counterpart.OTHER_MEDIATOR, "Autre médiateur"),
    (Counterpart.BUSINESS_MEDIATOR, "Médiateur des entreprises"),
    (Counterpart.CONCILIATEUR, "Conciliateur de justice"),
    (Counterpart.HANDLING_STRUCTURE, "Structure d'accompagnement"),
    (Counterpart.CPME, "CPME"),
    (Counterpart.COURT, "Tribunal"),
    (Counterpart.DGCCRF, "DGCCRF"),
    (Counterpart.PROCUREUR, "Procureur de la République"),
    (Counterpart.CONSUMER_ASSOCIATION, "Association de consommateurs"),
    (Counterpart.REGULATOR, "Arcep"),
    (Counterpart.OTHER, "Autre"),
    (Direction.OUTGOING, "Envoyé par l'abonné"),
    (Direction.INCOMING, "Reçu par l'abonné"),
    (AnswerOutcome.NONE, "Aucune réponse"),
    (AnswerOutcome.UNSATISFACTORY, "Réponse insatisfaisante"),
    (AnswerOutcome.PARTIAL, "Réponse partielle"),
    (AnswerOutcome.SATISFACTORY, "Réponse satisfaisante"),
    (Party.SUBSCRIBER, "L'abonné"),
    (Party.OPERATOR, "L'opérateur"),
    (InvoiceReason.DOUBLE_BILLING, "Double facturation"),
    (InvoiceReason.NOT_ORDERED, "Service non commandé"),
    (InvoiceReason.OUT_OF_PLAN, "Hors forfait contesté"),
    (InvoiceReason.NOT_DELIVERED, "Service non fourni"),
    (InvoiceReason.AFTER_TERMINATION, "Facturé après résiliation"),
    (InvoiceReason.WRONG_PRICE, "Prix différent du contrat"),
    (InvoiceReason.OTHER, "Autre motif"),
    (CaseStatus.OPEN, "En cours"),
    (CaseStatus.RESOLVED, "Résolu"),
    (CaseStatus.ABANDONED, "Abandonné"),
    (Civility.MR, "Monsieur"),
    (Civility.MRS, "Madame"),
    (Civility.COUPLE, "Madame et Monsieur"),
    (BusinessForm.COMPANY, "Société"),
    (BusinessForm.SOLE_TRADER, "Entrepreneur individuel"),
    (BusinessForm.ASSOCIATION, "Association"),
    (BusinessForm.OTHER, "Autre structure professionnelle"),
    (StructureKind.CPME, "Structure CPME"),
    (StructureKind.CONSUMER_ASSOCIATION, "Association de consommateurs"),
    (StructureKind.OTHER, "Autre structure d'aide"),
    (TaxBasis.TTC, "TTC"),
    (TaxBasis.HT, "HT"),
    (Voice.SUBSCRIBER, "Rédigé par l'abonné (« je », « nous »)"),
    (Voice.STRUCTURE, "Rédigé par la structure (« notre adhérent »)"),
    (Voice.NEUTRAL, "Rédigé à la troisième personne (« l'abonné »)"),
    (CreditKind.CREDIT, "Avoir"),
    (CreditKind.REFUND, "Remboursement"),
    (CreditKind.GESTURE, "Geste commercial"),
    (OutcomeResult.FULL, "Obtenu en totalité"),
    (OutcomeResult.PARTIAL, "Obtenu en partie"),
    (OutcomeResult.REFUSED, "Refusé"),
    (OutcomeResult.ABANDONED, "Abandonné"),
    (OutcomeResult.WITHDRAWN, "Retiré"),
    (Obtained.REFUND, "Remboursement"),
    (Obtained.CREDIT, "Avoir"),
    (Obtained.GESTURE, "Geste commercial"),
    (Obtained.SERVICE_RESTORED, "Service rétabli"),
    (Obtained.TERMINATION_WITHOUT_FEES, "Résiliation sans frais"),
    (Obtained.LINE_RESTORED_OR_PORTED, "Ligne rétablie ou portée"),
    (Obtained.OTHER, "Autre"),
    (SettlementRoute.SERVICE_CLIENTS, "Service clients de l'opérateur"),
    (SettlementRoute.SERVICE_CONSOMMATEURS, "Service consommateurs (recours interne)"),
    (SettlementRoute.MEDIATOR, "Médiateur des communications électroniques"),
    (SettlementRoute.CPME, "CPME"),
    (SettlementRoute.BUSINESS_MEDIATOR, "Médiateur des entreprises"),
    (SettlementRoute.CONCILIATEUR, "Conciliateur de justice"),
    (SettlementRoute.COURT, "Tribunal"),
    (SettlementRoute.OTHER, "Autre voie"),
    (Sender.SUBSCRIBER, "L'abonné"),
    (Sender.HANDLING_STRUCTURE, "La structure d'accompagnement"),
    (Sender.OPERATOR, "L'opérateur"),
    (Sender.THIRD_PARTY, "Un tiers (médiateur, tribunal, administration…)"),
    (ExhibitKind.CONTRACT, "Contrat ou récapitulatif contractuel"),
    (ExhibitKind.INVOICE, "Facture"),
    (ExhibitKind.PAYMENT_PROOF, "Preuve de paiement"),
    (ExhibitKind.COMPLAINT, "Réclamation écrite"),
    (ExhibitKind.ANSWER, "Réponse écrite"),
    (ExhibitKind.RECEIPT, "Avis de réception ou preuve de dépôt"),
    (ExhibitKind.IDENTITY, "Pièce d'identité ou extrait Kbis"),
    (ExhibitKind.MANDATE, "Mandat signé"),
    (ExhibitKind.OTHER, "Autre pièce"),
)


LABELS: dict[tuple[type, str], str] = {(type(k), k.value): v for k, v in _PAIRS}
"""Keyed by (enum type, value): members of different StrEnums with the same value (every
enum has an "other") are equal as strings and would overwrite each other in a plain dict."""


def label(value: Enum | None) -> str:
    """The French label of an enum value ("" for None)."""
    if value is None:
        return ""
    return LABELS.get((type(value), value.value), str(value.value))


def _folded(text: str) -> str:
    return strip_accents(" ".join(text.split())).casefold()


def line_kind_label(kind: Enum | None, user_label: str, *, lower_kind: bool = False) -> str:
    """The line's kind and the user's own label, said once: « Ligne fixe — Standard » but
    « Ligne fixe du magasin », not « Ligne fixe, Ligne fixe du magasin », when the label
    already starts with the kind. ``lower_kind``: « ligne fixe — Standard », inside a
    sentence (the user's label keeps its capitals)."""
    kind_text, own = label(kind), " ".join((user_label or "").split())
    if lower_kind:
        kind_text = kind_text.lower()
    if not own:
        return kind_text
    if not kind_text or _folded(own).startswith(_folded(kind_text)):
        return own
    return f"{kind_text} — {own}"


NATURE_WORDS: dict[DisputeNature, str] = {
    DisputeNature.MISSING_SERVICE: "absence de service",
    DisputeNature.TRANSFER_ON_MOVE: "transfert de ligne",
    DisputeNature.LINE_OVERWRITTEN: "écrasement de ligne",
    DisputeNature.BILLING: "facturation erronée",
    DisputeNature.OUTAGE: "interruption du service",
    DisputeNature.TERMINATION: "résiliation",
    DisputeNature.PORTABILITY: "portabilité du numéro",
    DisputeNature.OTHER: "litige",
}
"""The nature of the dispute in the letters' words (their subject line: « facturation
erronée », « interruption du service »), for every document a third party reads with the
letters: the LISEZMOI and the chronology say the same (review3 9.5), not the form's labels
(« Mauvaise facturation », « Panne ou interruption de service »)."""


def natures_words(natures) -> str:
    """« Facturation erronée, interruption du service »: the natures in the letters' words,
    the first capitalised."""
    text = ", ".join(NATURE_WORDS[n] for n in dict.fromkeys(natures))
    return text[:1].upper() + text[1:]


def subscriber_noun(case: Case) -> str:
    """How a document names the subscriber in the third person: « l'abonnée », « l'abonné »,
    « les abonnés », « l'entreprise », « l'association » (gender and number agreed)."""
    s = case.subscriber
    if case.is_business:
        return "l'association" if s.business_form is BusinessForm.ASSOCIATION \
            else "l'entreprise"
    return {Civility.MRS: "l'abonnée", Civility.COUPLE: "les abonnés"}.get(s.civility,
                                                                          "l'abonné")
