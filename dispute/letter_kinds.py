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


LETTER_LABELS: dict[LetterKind, str] = {
    LetterKind.SERVICE_CLIENTS: "Réclamation au service clients",
    LetterKind.SERVICE_CONSOMMATEURS: "Lettre recommandée au service consommateurs",
    LetterKind.MEDIATOR: "Saisine du Médiateur des communications électroniques",
    LetterKind.CPME: "Demande d'intervention à la CPME",
    LetterKind.BILLING: "Contestation de facturation",
    LetterKind.FORMAL_NOTICE: "Mise en demeure",
    LetterKind.DGCCRF: "Courrier à la DGCCRF (DDPP / DDETSPP)",
    LetterKind.PROCUREUR: "Plainte auprès du procureur de la République",
}

__all__ = ["LETTER_LABELS", "LetterKind"]
