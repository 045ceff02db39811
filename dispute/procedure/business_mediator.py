"""The Médiateur des entreprises, for a business subscriber (Arcep's business route).

Arcep: a business writes to the operator's service clients; if it has not answered within a
month, or its answer does not satisfy, « il est possible de saisir le Médiateur des
entreprises ou d'agir en justice ». Rules ``business_mediator_entreprises`` (1 month; a
silence counts from a written complaint, the app's reading), ``business_mediator_form`` (what
its online form asks: SIRET of both parties, a non-generic e-mail, a mobile number, the
object, a confidentiality commitment). docs/procedure.md « Business route ».
"""

from __future__ import annotations

import re

from dispute.calendar import format_date_fr
from dispute.labels import label
from dispute.model import BusinessForm, DisputeNature
from dispute.procedure.dates import sent_on
from dispute.procedure.events import event_title
from dispute.procedure.facts import CaseFacts
from dispute.procedure.oral import oral_complaints_text
from dispute.procedure.results import CpmeItem, NextStep, Reason, Route
from dispute.procedure.wording import subscriber_words

RULES = frozenset({
    "business_mediator_entreprises", "business_mediator_form", "business_no_service_consommateurs",
    "small_business_extended_rights", "provider_strict_liability",
    "business_mediator_billing_scope",
})

GENERIC_MAILBOXES = frozenset({
    "accueil", "admin", "administration", "bonjour", "bureau", "commercial", "compta",
    "comptabilite", "contact", "contacts", "courrier", "direction", "hello", "info", "infos",
    "mail", "noreply", "no-reply", "office", "secretariat", "service", "standard",
})
"""Mailbox names that read as a shared address (the form asks for a non-generic one)."""

_MOBILE_RE = re.compile(r"^(?:0|\+33|0033)[67]\d{8}$")


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def is_mobile(phone: str) -> bool:
    """A French mobile number: 06 or 07 (also written +33 6, 0033 7...)."""
    compact = "".join(c for c in phone if c.isdigit() or c == "+")
    return bool(_MOBILE_RE.match(compact))


def is_generic_email(email: str) -> bool:
    local = email.strip().split("@", 1)[0].lower()
    return local in GENERIC_MAILBOXES or local.replace(".", "") in GENERIC_MAILBOXES


def form_gaps(facts: CaseFacts) -> tuple[CpmeItem, ...]:
    """What the case lacks for the online form (to gather before filling it in)."""
    case = facts.case
    gaps: list[tuple[str, str]] = []
    if len(_digits(case.subscriber.siren)) != 14:
        gaps.append(("subscriber_siret", "SIRET de l'entreprise (14 chiffres)"))
    if len(_digits(case.operator.siren)) not in (9, 14):
        gaps.append(("operator_siret", "SIREN ou SIRET de l'opérateur"))
    email = case.subscriber.email.strip()
    if not email:
        gaps.append(("email", "Adresse électronique de l'entreprise (non générique)"))
    elif is_generic_email(email):
        gaps.append(("email", f"Adresse électronique non générique (« {email} » semble "
                              "partagée)"))
    if not is_mobile(case.subscriber.phone):
        gaps.append(("mobile", "Numéro de téléphone mobile"))
    if not case.summary.strip():
        gaps.append(("object", "Objet du différend (résumé chronologique)"))
    return tuple(CpmeItem(n, key, text) for n, (key, text) in enumerate(gaps, start=1))


def billing_dispute(facts: CaseFacts) -> bool:
    """The dispute bears on billing (Arcep's words for the Médiateur des entreprises'
    competence): its nature says so, or invoice lines are disputed."""
    case = facts.case
    return DisputeNature.BILLING in case.natures or bool(case.invoice_lines)


def scope_note(facts: CaseFacts) -> Reason | None:
    """« Compétence à vérifier » for a business dispute that does not bear on billing (Arcep
    names billing; nothing in the sources confirms the rest). None when it does."""
    if not facts.case.is_business or billing_dispute(facts):
        return None
    natures = ", ".join(label(n).lower() for n in facts.case.natures
                        if n is not DisputeNature.OTHER)
    what = f"ce litige ({natures})" if natures else "ce litige"
    return Reason(
        "scope_to_check",
        "Compétence à vérifier : l'Arcep indique que le Médiateur des entreprises peut être "
        "saisi par une entreprise « pour des litiges portant sur la facturation » de ses "
        f"services ; {what} ne porte pas sur une facture contestée. Vérifiez sur son site qu'il "
        "accepte ce type de litige avant de le saisir (sinon : la CPME ou le juge).",
        facts.basis("business_mediator_billing_scope"))


def route(facts: CaseFacts) -> Route:
    """Whether the Médiateur des entreprises can be seized today, and every reason not."""
    reasons: list[Reason] = []
    if not facts.case.is_business:
        words = subscriber_words(facts.case)
        reasons.append(Reason(
            "private_subscriber",
            f"Le Médiateur des entreprises est réservé aux entreprises ; {words.is_what} : "
            f"{words.verb('sa', 'leur')} voie est le Médiateur des communications "
            "électroniques.",
            facts.basis("business_mediator_entreprises")))
    resolved = facts.resolved_by()
    failure = None if resolved else facts.written_failure(
        [facts.first, facts.second], "business_mediator_entreprises")
    opens_on, open_basis = failure if failure else (None, None)
    if facts.business_mediator_saisines:
        seized = facts.business_mediator_saisines[0]
        reasons.append(Reason("already_seized",
                              f"Le Médiateur des entreprises a déjà été saisi "
                              f"({event_title(seized)}).",
                              facts.basis("business_mediator_entreprises", seized)))
    elif resolved is not None:
        reasons.append(Reason(
            "satisfactory_answer",
            f"L'opérateur a donné une réponse satisfaisante le "
            f"{format_date_fr(sent_on(resolved))} et aucune réclamation n'a suivi.",
            facts.basis("business_mediator_entreprises", resolved)))
    elif failure is None:
        oral = facts.first.oral_before(None) + facts.second.oral_before(None)
        text = (f"{oral_complaints_text(facts, oral)} : seule une réclamation écrite restée sans "
                "réponse un mois, ou une réponse insatisfaisante, ouvre cette voie."
                if oral else "Aucune réclamation écrite au service clients n'est enregistrée.")
        reasons.append(Reason("no_failed_attempt", text,
                              facts.basis("business_mediator_entreprises")))
    elif opens_on > facts.today:
        reasons.append(Reason(
            "delay_not_elapsed",
            f"Le délai d'un mois n'est pas écoulé : le Médiateur des entreprises pourra être "
            f"saisi à partir du {format_date_fr(opens_on)} si le service clients n'a pas "
            "répondu de façon satisfaisante.",
            open_basis, until=opens_on))
    gaps = form_gaps(facts) if facts.case.is_business else ()
    return Route("business_mediator", not reasons, tuple(reasons), opens_on, open_basis,
                 missing_items=gaps, notes=business_notes(facts))


def strict_liability_note(facts: CaseFacts) -> Reason:
    """The provider's strict liability (LCEN art. 15 I, d'ordre public even towards a
    professional: Cass., 13 March 2024), as the letters read it (review2 5.2,
    ``documents.letters.claims.strict_liability``): cited for a contract concluded at a
    distance only (``Contract.distance``); when the case does not say, what is missing.
    Asked only when the service itself was not provided (:func:`business_notes`)."""
    basis = facts.basis("provider_strict_liability")
    distance = facts.case.contract.distance
    if distance is True:
        return Reason(
            "provider_strict_liability",
            "Contrat conclu à distance : l'opérateur est responsable de plein droit de la bonne "
            "exécution du contrat (LCEN, art. 15 I) ; cette responsabilité est d'ordre public, "
            "y compris envers un client professionnel (Cass., 13 mars 2024) : une clause "
            "d'« obligation de moyens » est réputée non écrite.", basis)
    if distance is None:
        return Reason(
            "distance_not_said",
            "Contrat conclu à distance (en ligne, par téléphone) : non précisé. La "
            "responsabilité de plein droit de l'opérateur (LCEN, art. 15 I), d'ordre public "
            "même envers un client professionnel (Cass., 13 mars 2024), ne vaut que pour un "
            "contrat conclu à distance : si c'est le cas, indiquez-le dans le contrat du "
            "dossier.", basis)
    return Reason(
        "not_a_distance_contract",
        "Contrat conclu hors distance (en boutique, à domicile) : la responsabilité de plein "
        "droit de la LCEN (art. 15 I), qui vise les contrats conclus à distance, n'est pas "
        "invoquée ; l'opérateur reste tenu de fournir le service prévu au contrat et répond de "
        "son inexécution.", basis)


def business_notes(facts: CaseFacts) -> tuple[Reason, ...]:
    """What a business subscriber should know on this route (empty for a private one)."""
    if not facts.case.is_business:
        return ()
    scope = scope_note(facts)
    notes = [scope] if scope is not None else []
    if facts.case.service_not_provided:
        # as the letters (review4 N1): a billing dispute alone names no unprovided service,
        # so nothing of LCEN art. 15 I — one condition, dispute.model.SERVICE_NATURES
        notes.append(strict_liability_note(facts))
    if facts.case.subscriber.business_form is BusinessForm.ASSOCIATION:
        notes.append(Reason(
            "association_to_check",
            "Association : à vérifier — le Médiateur des entreprises accepte les « associations "
            "employeuses » selon une source tierce seulement ; vérifiez sur son site que "
            "l'association peut le saisir.", facts.basis("business_mediator_entreprises")))
    if facts.case.subscriber.small_business:
        notes.append(Reason(
            "small_business_extended_rights",
            "Micro-entreprise, petite entreprise ou association : certains droits des "
            "consommateurs s'appliquent aussi (récapitulatif contractuel, engagement de 24 mois "
            "au plus, résiliation facilement accessible ; ordonnance n° 2021-650) — liste "
            "exacte à vérifier. Le Médiateur des communications électroniques reste réservé "
            "aux particuliers.", facts.basis("small_business_extended_rights")))
    return tuple(notes)


def step(facts: CaseFacts, business_mediator: Route) -> NextStep | None:
    codes = {r.code for r in business_mediator.reasons}
    if (not facts.case.is_business or codes - {"delay_not_elapsed"}
            or business_mediator.opens_on is None):
        return None
    notes: list[str] = []
    bases: list = []
    scope = next((n for n in business_mediator.notes if n.code == "scope_to_check"), None)
    if scope is not None:
        notes.append(scope.message)
        bases.append(scope.basis)
    if business_mediator.missing_items:
        notes.append("À réunir pour le formulaire en ligne : "
                     + " ; ".join(i.text for i in business_mediator.missing_items)
                     + ". Le formulaire demande aussi un engagement de confidentialité.")
        bases.append(facts.basis("business_mediator_form"))
    title = "Saisir le Médiateur des entreprises (formulaire en ligne)"
    if scope is not None:
        title += " — compétence à vérifier hors facturation"
    return NextStep("business_mediator", title,
                    business_mediator.opens_on, None, business_mediator.open_basis,
                    note=" ".join(notes), note_bases=tuple(bases),
                    letter_kinds=("saisine_mediateur_entreprises",))
