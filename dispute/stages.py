"""The stages of a case (kept apart from the engine so the case list loads it cheaply)."""

from __future__ import annotations

from enum import StrEnum


class Stage(StrEnum):
    NO_STEP = "no_step"
    SERVICE_CLIENTS = "service_clients"
    SERVICE_CONSOMMATEURS = "service_consommateurs"
    FORMAL_NOTICE = "formal_notice"
    MEDIATOR_SEIZED = "mediator_seized"
    MEDIATOR_OPINION = "mediator_opinion"
    LAST_RESORT = "last_resort"
    CPME_SEIZED = "cpme_seized"
    CLOSED = "closed"


STAGE_LABELS: dict[Stage, str] = {
    Stage.NO_STEP: "Aucune démarche engagée",
    Stage.SERVICE_CLIENTS: "Service clients contacté",
    Stage.SERVICE_CONSOMMATEURS: "Service consommateurs saisi",
    Stage.FORMAL_NOTICE: "Mise en demeure envoyée",
    Stage.MEDIATOR_SEIZED: "Médiateur saisi",
    Stage.MEDIATOR_OPINION: "Avis du médiateur rendu",
    Stage.LAST_RESORT: "Dernier recours engagé (conciliateur, tribunal, DGCCRF ou procureur)",
    Stage.CPME_SEIZED: "CPME saisie",
    Stage.CLOSED: "Dossier clos",
}
