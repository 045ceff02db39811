"""The letters the application writes, by id, and their French labels.

Qt-free and document-free: the procedure engine (``dispute.procedure``) decides whether each
kind is possible now, the composer (``documents.letters``) writes it, the GUI lists it; all
three share these ids (they are stored in case files and printed by ``status --json``, so a
value never changes).
"""

from __future__ import annotations

from enum import StrEnum


class LetterKind(StrEnum):
    SERVICE_CLIENTS = "reclamation_service_clients"
    SERVICE_CONSOMMATEURS = "recours_service_consommateurs"
    MEDIATOR = "saisine_mediateur"
    CPME = "demande_cpme"
    BILLING = "contestation_facturation"
    FORMAL_NOTICE = "mise_en_demeure"
    DGCCRF = "courrier_dgccrf"
    PROCUREUR = "plainte_procureur"
    CONCILIATEUR = "saisine_conciliateur"
    COURT_REQUEST = "requete_tribunal"
    BUSINESS_MEDIATOR = "saisine_mediateur_entreprises"
    MANDATE = "mandat"
    PORTABILITY_COMPENSATION = "demande_indemnite_portabilite"
    REMINDER = "relance_operateur"


LETTER_LABELS: dict[LetterKind, str] = {
    LetterKind.SERVICE_CLIENTS: "Réclamation au service clients",
    LetterKind.SERVICE_CONSOMMATEURS: "Lettre recommandée au service consommateurs",
    LetterKind.MEDIATOR: "Saisine du Médiateur des communications électroniques",
    LetterKind.CPME: "Demande d'intervention à la CPME",
    LetterKind.BILLING: "Contestation de facturation",
    LetterKind.FORMAL_NOTICE: "Mise en demeure",
    LetterKind.DGCCRF: "Courrier à la DGCCRF (DDPP / DDETSPP)",
    LetterKind.PROCUREUR: "Plainte auprès du procureur de la République",
    LetterKind.CONCILIATEUR: "Saisine du conciliateur de justice",
    LetterKind.COURT_REQUEST: "Requête au tribunal (mentions du Cerfa 16042*02)",
    LetterKind.BUSINESS_MEDIATOR: "Fiche de saisine du Médiateur des entreprises",
    LetterKind.MANDATE: "Mandat à la structure qui accompagne l'abonné",
    LetterKind.PORTABILITY_COMPENSATION: "Demande d'indemnité (portabilité, changement de "
                                         "fournisseur)",
    LetterKind.REMINDER: "Relance de l'opérateur (réponse en retard)",
}

COMMERCE_COURT_LABEL = "Demande au tribunal de commerce"
"""The court request's label for a commercial company: the document gathers the elements for
the tribunal de commerce, where the Cerfa 16042*02 (tribunal judiciaire) is not used (review4
R1: the zipped dossier filed it as « Requête au tribunal (mentions du Cerfa 16042_02) »)."""

POSTED: frozenset[LetterKind] = frozenset(set(LetterKind) - {
    LetterKind.CPME, LetterKind.BUSINESS_MEDIATOR, LetterKind.MANDATE})
"""The kinds sent by post (the CPME request goes by email, the Médiateur des entreprises is
seized online, the mandate is signed and kept)."""

DEFAULT_FORMAL_NOTICE_DAYS = 15
"""The delay a mise en demeure gives by default: the letter settings' default
(``documents.letter_settings``) and the engine's fallback when the rule
``formal_notice_own_delay`` states none. A choice of the sender, not a legal delay."""

__all__ = ["COMMERCE_COURT_LABEL", "DEFAULT_FORMAL_NOTICE_DAYS", "LETTER_LABELS", "POSTED",
           "LetterKind"]
