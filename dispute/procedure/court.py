"""The last resort: the court, a report to the DGCCRF, a complaint to the procureur (seeds/003).

Rules ``last_resort``, ``last_resort_indicative_m5``, ``court_prior_mediation_5000``.
docs/procedure.md « Next steps ».
"""

from __future__ import annotations

from datetime import date

from dispute.calendar import format_date_fr
from dispute.procedure.dates import DelayStart, sent_on
from dispute.procedure.facts import CaseFacts
from dispute.procedure.results import DateKind, NextStep

RULES = frozenset({"last_resort", "last_resort_indicative_m5", "court_prior_mediation_5000"})


def last_resort_step(facts: CaseFacts, earliest: date) -> NextStep:
    notes, bases = [], [facts.basis("court_prior_mediation_5000")]
    if facts.first.complaints:
        first = facts.first.complaints[0]
        start = DelayStart(sent_on(first), DateKind.EVENT, False)
        when = facts.rule("last_resort_indicative_m5").apply(start.date)
        notes.append(f"Repère indicatif (non vérifié) : vers le {format_date_fr(when)}, "
                     "soit M+5 après le premier contact avec le service clients.")
        bases.insert(0, facts.basis("last_resort_indicative_m5", first, start))
    notes.append("Demande de 5 000 € ou moins : une tentative préalable de médiation ou de "
                 "conciliation serait exigée avant le tribunal (règle non vérifiée).")
    return NextStep("last_resort", facts.rule("last_resort").label, earliest, None,
                    facts.basis("last_resort"), note=" ".join(notes), note_bases=tuple(bases))
