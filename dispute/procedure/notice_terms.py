"""What a mise en demeure announces, and until when its own delay runs (review 6, point N1).

One function, :func:`announced_step`, decides the step a mise en demeure announces « à
défaut »: the letter (``documents.letters.formal_notice``) words it, the engine's decisions
name it once the notice is recorded (``letter_decisions``), so both say the same step. The
delay the notice gives is a choice of the sender (letter settings, 15 days by default; rule
``formal_notice_own_delay``), counted from the notice's receipt; the app never moves its end
to the next working day (docs/procedure.md « Dates »).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from dispute.calendar import add_days, format_date_fr, is_working_day
from dispute.letter_kinds import DEFAULT_FORMAL_NOTICE_DAYS, LetterKind
from dispute.model import Event
from dispute.procedure.dates import DelayStart, delay_start, sent_on
from dispute.procedure.non_working import not_moved_text
from dispute.procedure.results import Basis, DeadlineKind, LetterState, Route

UPCOMING = (LetterState.POSSIBLE, LetterState.PREMATURE)


class Announced(StrEnum):
    """The step a mise en demeure announces if it stays without effect."""

    MEDIATOR = "mediator"  # the telecom mediator, then the court if need be
    MEDIATOR_PARALLEL = "mediator_parallel"  # the mediator seized alongside; then the court
    BUSINESS_MEDIATOR = "business_mediator"
    CPME = "cpme"
    BUSINESS_MEDIATOR_OR_CPME = "business_mediator_or_cpme"
    COURT = "court"


STEP_WORDS = {
    Announced.MEDIATOR: "le Médiateur des communications électroniques",
    Announced.MEDIATOR_PARALLEL: "la juridiction compétente, le Médiateur des communications "
                                 "électroniques étant saisi en parallèle",
    Announced.BUSINESS_MEDIATOR: "le Médiateur des entreprises, puis le cas échéant la "
                                 "juridiction compétente",
    Announced.CPME: "l'intervention de la CPME, puis le cas échéant la juridiction compétente",
    Announced.BUSINESS_MEDIATOR_OR_CPME: "le Médiateur des entreprises ou la CPME, puis le cas "
                                         "échéant la juridiction compétente",
    Announced.COURT: "la juridiction compétente",
}
"""How the engine's decisions name the step, as the letter wrote it."""


def cpme_covered(cpme: Route) -> bool:
    """Whether a letter may promise the CPME's intervention: it intervenes with this operator,
    and only on what the structure following the case sends it, its single contact (seeds/000;
    review2 15.1)."""
    return not any(r.code in ("operator_not_covered", "no_handling_structure")
                   for r in cpme.reasons)


def announced_step(is_business: bool, mediator: Route, cpme: Route, closes_first: bool,
                   state: Callable[[str], LetterState | None]) -> Announced:
    """The step a mise en demeure announces: for a private subscriber the telecom mediator
    while it is open or still ahead (seized in parallel when it would close before the
    notice's delay ends, review 5.1), else the court; for a business the Médiateur des
    entreprises and / or the CPME while still ahead, else the court (review3 2.2, 2.3).
    ``state`` gives the engine's decision for a letter kind's value (None: not decided);
    ``closes_first``: the mediator's one-year limit falls within the notice's delay."""
    if not is_business:
        if mediator.open:
            return Announced.MEDIATOR_PARALLEL if closes_first else Announced.MEDIATOR
        if state(LetterKind.MEDIATOR.value) in UPCOMING:
            return Announced.MEDIATOR
        return Announced.COURT
    me = state(LetterKind.BUSINESS_MEDIATOR.value) in UPCOMING
    via_cpme = state(LetterKind.CPME.value) in UPCOMING and cpme_covered(cpme)
    if me and via_cpme:
        return Announced.BUSINESS_MEDIATOR_OR_CPME
    if me:
        return Announced.BUSINESS_MEDIATOR
    return Announced.CPME if via_cpme else Announced.COURT


@dataclass(frozen=True)
class NoticeDelay:
    """The delay a recorded mise en demeure gave: ``days`` from ``start`` (its receipt, else
    provisionally its posting), ending on ``ends_on`` (not moved to a working day)."""

    notice: Event
    days: int
    start: DelayStart
    ends_on: date
    basis: Basis

    @property
    def received_known(self) -> bool:
        return not self.start.provisional

    def runs_on(self, today: date) -> bool:
        return today <= self.ends_on


def notice_delay(notice: Event, basis_of: Callable[[Event, DelayStart], Basis],
                 days: int = DEFAULT_FORMAL_NOTICE_DAYS) -> NoticeDelay | None:
    """The notice's own delay (rule ``formal_notice_own_delay``): ``days`` after its receipt
    (« dans un délai de 15 jours à compter de la réception », the letter's words); without a
    known receipt, from its posting, provisionally. None without any date."""
    start = delay_start(notice)
    if start is None:
        return None
    return NoticeDelay(notice, days, start, add_days(start.date, days),
                       basis_of(notice, start))


def running_text(delay: NoticeDelay, step: Announced, subdiv: str | None = None) -> str:
    """« Mise en demeure envoyée le 20 octobre 2026, reçue le 22 octobre 2026 : son délai de
    15 jours court jusqu'au 6 novembre 2026. Attendez-en l'échéance ; restée sans effet, elle
    appellera l'étape qu'elle annonçait (la juridiction compétente). »"""
    sent = format_date_fr(sent_on(delay.notice))
    end = format_date_fr(delay.ends_on)
    days = f"{delay.days}\u00a0jours"
    if delay.received_known:
        head = (f"Mise en demeure envoyée le {sent}, reçue le {format_date_fr(delay.start.date)}"
                f" : son délai de {days} court jusqu'au {end}")
    else:
        head = (f"Mise en demeure envoyée le {sent}, date de réception non renseignée : son "
                f"délai de {days} court de sa réception, donc au moins jusqu'au {end} (compté "
                "ici de l'envoi ; ajoutez la date de l'avis de réception)")
    text = (f"{head} (délai de la lettre, choix de l'expéditeur). Attendez-en l'échéance ; "
            f"restée sans effet, elle appellera l'étape qu'elle annonçait ({STEP_WORDS[step]}).")
    if not is_working_day(delay.ends_on, subdiv):
        text += " " + not_moved_text(delay.ends_on, DeadlineKind.EXPECTED,
                                     delay.basis.rule, subdiv)
    return text
