"""The CPME route (business subscribers, seeds/000).

Open when the subscriber is a business, the operator is Bouygues Télécom, Orange or SFR, a
prior attempt with the operator failed, the five required items are in the case, and the CPME
is not already seized. docs/procedure.md « CPME route ».
"""

from __future__ import annotations

from dispute.accents import strip_accents
from dispute.calendar import format_date_fr
from dispute.model import Event
from dispute.procedure.dates import sent_on
from dispute.procedure.events import event_title
from dispute.procedure.facts import CaseFacts
from dispute.procedure.results import (
    CpmeItem,
    LetterDecision,
    LetterState,
    NextStep,
    Reason,
    Route,
)
from dispute.procedure.wording import subscriber_words

RULES = frozenset({
    "cpme_operators", "cpme_business_only", "cpme_failed_prior_attempt", "cpme_required_items",
    "cpme_through_structure",
})


def normalise(text: str) -> str:
    """Lower case, no accents, punctuation as spaces: "Bouygues Télécom" → "bouygues telecom"."""
    plain = strip_accents(text).lower()
    return " ".join("".join(c if c.isalnum() else " " for c in plain).split())


def reachable(facts: CaseFacts) -> bool:
    """Whether a next step may name the CPME: it covers the operator and a structure follows
    the case, the CPME's single contact, which alone can send it the request (seeds/000;
    review2 15.1)."""
    structure = facts.case.handling_structure
    return operator_covered(facts) and structure is not None and bool(structure.name.strip())


def operator_covered(facts: CaseFacts) -> bool:
    """Bouygues Télécom, Orange or SFR: by directory id, else by the name typed.

    The name matches when one of its words is a covered key ("SFR Business", "Orange") or
    when it equals a covered name ("Bouygues Télécom"); brands (Sosh, RED, B&You) do not.
    """
    items = facts.rule("cpme_operators").items
    keys = {item.key for item in items}
    operator = facts.case.operator
    if operator.directory_id.strip().lower() in keys:
        return True
    name = normalise(operator.name)
    return bool(keys & set(name.split())) or name in {normalise(i.label) for i in items}


def missing_items(facts: CaseFacts) -> tuple[CpmeItem, ...]:
    """The required items (seeds/000) the case lacks, numbered as the CPME lists them."""
    case = facts.case
    present = {
        "subscriber_name": bool(case.subscriber.name.strip()),
        "operator_name": bool(case.operator.name.strip()),
        "line_number": any(line.number.strip() for line in case.lines),
        "contract_number": bool(case.contract.contract_number.strip()),
        "summary": bool(case.summary.strip()),
    }
    items = facts.rule("cpme_required_items").items
    return tuple(CpmeItem(n, item.key, item.label)
                 for n, item in enumerate(items, start=1) if not present.get(item.key, False))


def _no_failure(facts: CaseFacts) -> tuple[Event | None, str]:
    """Why no attempt has failed: the operator satisfied the subscriber, answered in time
    without the outcome being said, or nothing was sent to it."""
    resolved = facts.resolved_by()
    if resolved is not None:
        return resolved, (f"L'opérateur a donné une réponse satisfaisante le "
                          f"{format_date_fr(sent_on(resolved))}.")
    answers = [a for level in (facts.first, facts.second) for a in level.real_answers]
    last = max(answers, key=sent_on) if answers else None
    if last is not None and last.outcome is None:
        return last, (f"L'opérateur a répondu le {format_date_fr(sent_on(last))} "
                      ": indiquer si la réponse est satisfaisante (une réponse insatisfaisante "
                      "ou partielle vaut tentative échouée).")
    if facts.operator_complaints:  # pragma: no cover - every other case fails or is resolved
        return None, "Aucune tentative de résolution auprès de l'opérateur n'a échoué."
    return None, "Aucune tentative de résolution auprès de l'opérateur n'est enregistrée."


def route(facts: CaseFacts) -> Route:
    """Whether the CPME can be asked today, and every reason it cannot."""
    reasons: list[Reason] = []
    if not facts.case.is_business:
        reasons.append(Reason(
            "private_subscriber",
            "L'aide de la CPME est réservée aux structures et à leurs entreprises adhérentes ; "
            f"{subscriber_words(facts.case).is_what}.",
            facts.basis("cpme_business_only")))
    if not operator_covered(facts):
        name = facts.case.operator.name.strip()
        covered = ", ".join(i.label for i in facts.rule("cpme_operators").items)
        message = (f"L'opérateur « {name} » n'est pas concerné" if name
                   else "L'opérateur n'est pas renseigné")
        reasons.append(Reason("operator_not_covered",
                              f"{message} : la CPME intervient uniquement pour {covered}.",
                              facts.basis("cpme_operators")))
    failure = None if facts.resolved_by() else facts.lasting_failure(
        [facts.first, facts.second], "cpme_failed_prior_attempt")
    opens_on, open_basis = failure if failure else (None, None)
    if facts.cpme_saisines:
        seized = facts.cpme_saisines[0]
        reasons.append(Reason("already_seized",
                              f"La CPME a déjà été saisie ({event_title(seized)}).",
                              facts.basis("cpme_failed_prior_attempt", seized)))
    elif failure is None:
        event, message = _no_failure(facts)
        reasons.append(Reason("no_failed_attempt",
                              f"{message} La CPME exige une tentative de résolution échouée.",
                              facts.basis("cpme_failed_prior_attempt", event)))
    elif opens_on > facts.today:
        reasons.append(Reason(
            "no_failed_attempt",
            f"La tentative auprès de l'opérateur n'a pas encore échoué : sans réponse, elle "
            f"sera considérée comme échouée à partir du {format_date_fr(opens_on)}.",
            open_basis, until=opens_on))
    structure = facts.case.handling_structure
    if facts.case.is_business and (structure is None or not structure.name.strip()):
        reasons.append(Reason(
            "no_handling_structure",
            "La CPME traite les demandes transmises par la structure qui suit l'entreprise, son "
            "seul interlocuteur : indiquer la structure dans le dossier (seeds/000).",
            facts.basis("cpme_through_structure")))
    missing = missing_items(facts)
    if missing:
        reasons.append(Reason(
            "missing_items",
            "Éléments obligatoires manquants : " + " ; ".join(i.text for i in missing) + ".",
            facts.basis("cpme_required_items")))
    return Route("cpme", not reasons, tuple(reasons), opens_on, open_basis,
                 missing_items=missing)


def step(facts: CaseFacts, cpme: Route, decision: LetterDecision | None = None
         ) -> NextStep | None:
    """Seize the CPME once the attempt failed, with the items still to complete.

    ``decision`` is the engine's decision on the CPME request (``letter_decisions.cpme``):
    the step and the letter say the same thing. No step when the letter does not apply or
    was sent; while it is premature, the step is possible from its date, and when it waits
    for something undated (items, the structure), ``waits_for`` says what, instead of
    « dès maintenant »."""
    codes = {r.code for r in cpme.reasons}
    if "operator_not_covered" in codes or "already_seized" in codes or cpme.opens_on is None:
        return None
    earliest, waits_for = cpme.opens_on, ""
    if decision is not None:
        if decision.state in (LetterState.NOT_APPLICABLE, LetterState.SENT):
            return None
        if decision.state is LetterState.PREMATURE:
            earliest = decision.possible_from or earliest
            waits_for = "" if decision.possible_from else decision.waits_for
    notes, bases = [], []
    if cpme.missing_items:
        notes.append("À compléter avant l'envoi : "
                     + " ; ".join(i.text for i in cpme.missing_items) + ".")
        bases.append(facts.basis("cpme_required_items"))
    if "no_handling_structure" in codes:
        notes.append("La demande passe par la structure qui suit l'entreprise : l'indiquer dans "
                     "le dossier.")
        bases.append(facts.basis("cpme_through_structure"))
    return NextStep(
        "seize_cpme",
        "Saisir la CPME par courriel (contact télécom) avec les cinq éléments requis",
        earliest, None, cpme.open_basis, note=" ".join(notes), note_bases=tuple(bases),
        waits_for=waits_for)
