"""What a call or a shop visit starts, and what only a written complaint starts.

docs/procedure.md « Written complaints start the mediator's clocks »: with calls only, a call
left unanswered is the operator's failure to answer (seeds/001 « par téléphone ou par
courrier »): the level's « Réponse attendue » deadline and the service consommateurs step run
from it. The CPME's « voie classique » failed once any complaint, a call included, went a
month without answer, and a later written complaint does not postpone it
(``CaseFacts.lasting_failure``). The delays that open the telecom mediator, the
Médiateur des entreprises and the mise en demeure run from a written complaint only
(:data:`WRITTEN_CLOCKS`, the rules those routes apply). Every sentence about calls is built
here, from the case, so that none says « aucun délai » beside a deadline computed from a call.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dispute.calendar import format_date_fr
from dispute.model import Event, EventKind
from dispute.procedure.dates import sent_on
from dispute.procedure.facts import CaseFacts

__all__ = ["WRITTEN_CLOCKS", "WrittenClock", "not_started_clause", "opened_by_written",
           "oral_complaints_text", "written_clocks"]


@dataclass(frozen=True)
class WrittenClock:
    """A delay that runs from a written complaint only, for the cases it applies to."""

    rule_id: str  # the rule the route applies to that written complaint
    of: str  # « de la médiation »: « le délai de la médiation »
    opens: str  # « la médiation »: what the written complaint opens
    applies: Callable[[CaseFacts], bool]


WRITTEN_CLOCKS = (
    WrittenClock("mediator_after_service_clients_silence", "de la médiation", "la médiation",
                 lambda f: not f.case.is_business and not f.mediator_saisines),
    WrittenClock("business_mediator_entreprises", "du Médiateur des entreprises",
                 "le Médiateur des entreprises",
                 lambda f: f.case.is_business and not f.business_mediator_saisines),
    WrittenClock("formal_notice_after_operator_delays", "de la mise en demeure",
                 "la mise en demeure", lambda f: not f.court_events),
)
"""The telecom mediator (private subscribers, L.612-2 1°), the Médiateur des entreprises
(businesses, Arcep) and the mise en demeure: ``mediator.access``,
``business_mediator.route`` and ``operator.operator_failed`` read their silences from a
written complaint only. A body already seized, or a court, leaves the list."""


def written_clocks(facts: CaseFacts) -> tuple[WrittenClock, ...]:
    """The delays only a written complaint starts, for this case today."""
    return tuple(c for c in WRITTEN_CLOCKS if c.applies(facts))


def not_started_clause(facts: CaseFacts, plural: bool = False) -> str:
    """ "ne fait courir ni le délai de la médiation ni celui de la mise en demeure", "ne fait
    pas courir le délai de la mise en demeure" for one delay ("" when none applies)."""
    clocks = written_clocks(facts)
    verb = "ne font" if plural else "ne fait"
    if not clocks:
        return ""
    if len(clocks) == 1:
        return f"{verb} pas courir le délai {clocks[0].of}"
    return (f"{verb} courir ni le délai {clocks[0].of} "
            + " ".join(f"ni celui {c.of}" for c in clocks[1:]))


def opened_by_written(facts: CaseFacts) -> str:
    """ "la médiation et la mise en demeure": what a written complaint opens ("" if none)."""
    names = [c.opens for c in written_clocks(facts)]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " et " + names[-1]


def _noun(events: tuple[Event, ...]) -> tuple[str, str]:
    """(« Les appels », « ils ») for the events' kind and number."""
    kinds = {e.kind for e in events}
    single = len(events) == 1
    if kinds == {EventKind.CALL}:
        return ("L'appel", "il") if single else ("Les appels", "ils")
    if kinds == {EventKind.SHOP_VISIT}:
        return ("La visite en boutique", "elle") if single else ("Les visites en boutique",
                                                                  "elles")
    return ("L'échange oral", "il") if single else ("Les échanges oraux", "ils")


def _clocks(facts: CaseFacts, events: tuple[Event, ...]) -> list[tuple[Event, str]]:
    """(the call, the level) for each level whose answer delay runs from one of ``events``
    (no written complaint pending there: its first pending call is its clock)."""
    ids = {id(e) for e in events}
    second = "recours interne" if facts.case.is_business else "service consommateurs"
    return [(level.pending, name)
            for level, name in ((facts.first, "service clients"), (facts.second, second))
            if level.pending_written is None and level.pending is not None
            and id(level.pending) in ids]


def _dates(events: tuple[Event, ...]) -> str:
    dates = [format_date_fr(sent_on(e)) for e in events]
    return dates[0] if len(dates) == 1 else ", du ".join(dates[:-1]) + " et du " + dates[-1]


def oral_complaints_text(facts: CaseFacts, events: tuple[Event, ...]) -> str:
    """What these calls or visits start, and what they do not ("" if none):

    - « L'appel du 5 septembre 2026 fait courir le délai de réponse du service clients ; il ne
      fait courir ni le délai du Médiateur des entreprises ni celui de la mise en demeure »
      when a level's answer delay runs from one of them (each such call named: of two calls
      to the service clients, the delay runs from the first);
    - « Les appels du 1er mars 2026 et du 20 mars 2026 ne font courir aucun délai » when every
      delay runs from a written complaint.
    """
    if not events:
        return ""
    noun, pronoun = _noun(events)
    single = len(events) == 1
    clocks = _clocks(facts, events)
    if not clocks:
        return f"{noun} du {_dates(events)} {'ne fait' if single else 'ne font'} courir aucun délai"
    clause = not_started_clause(facts, plural=not single)
    if single:
        text = f"{noun} du {_dates(events)} fait courir le délai de réponse du {clocks[0][1]}"
        return f"{text} ; {pronoun} {clause}" if clause else text
    text = " ; ".join(f"{_noun((event,))[0]} du {_dates((event,))} fait courir le délai de "
                      f"réponse du {name}" for event, name in clocks)
    if clause:
        text += f" ; {noun[0].lower()}{noun[1:]} du {_dates(events)} {clause}"
    return text
