"""Reading the chronology: what counts as written, as a complaint, as an answer, per level.

Readings (docs/procedure.md « Reading the events »): a written event is ``event.written`` or a
letter, registered letter or email; the first level is the service clients or another operator
service (shop, account manager); a partial answer counts as unsatisfactory; an answer "none"
records that nothing came and does not stop a silence.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from dispute.accents import strip_accents
from dispute.calendar import format_date_fr
from dispute.labels import label
from dispute.model import AnswerOutcome, Counterpart, Direction, Event, EventKind
from dispute.procedure.dates import POSTAL_KINDS, sent_on

__all__ = [
    "CONTACT_KINDS", "FIRST_LEVEL", "LAST_RESORT_COUNTERPARTS", "LAST_RESORT_KINDS",
    "OPERATOR_SIDE", "ORAL_KINDS", "POSTAL_KINDS", "SECOND_LEVEL", "UNSATISFIED", "WRITTEN_KINDS",
    "Level",
    "event_title", "is_answer", "is_complaint", "is_formal_notice", "is_real_answer",
    "is_written",
    "marked_written_but_oral", "read_level",
]

FIRST_LEVEL = frozenset({Counterpart.SERVICE_CLIENTS, Counterpart.OPERATOR_OTHER})
SECOND_LEVEL = frozenset({Counterpart.SERVICE_CONSOMMATEURS})
OPERATOR_SIDE = FIRST_LEVEL | SECOND_LEVEL
CONTACT_KINDS = frozenset({
    EventKind.CALL, EventKind.LETTER, EventKind.REGISTERED_LETTER, EventKind.EMAIL,
    EventKind.CHAT, EventKind.SHOP_VISIT, EventKind.OTHER,
})
WRITTEN_KINDS = frozenset({EventKind.LETTER, EventKind.REGISTERED_LETTER, EventKind.EMAIL})
ORAL_KINDS = frozenset({EventKind.CALL, EventKind.SHOP_VISIT})
"""Never a written complaint, even ticked « écrit »: a call or a visit leaves no writing of the
subscriber's (L.612-2 1°; the confirmation e-mail or letter, if any, is its own event)."""
UNSATISFIED = frozenset({AnswerOutcome.UNSATISFACTORY, AnswerOutcome.PARTIAL})
LAST_RESORT_KINDS = frozenset({
    EventKind.COURT_ACTION, EventKind.DGCCRF_REPORT, EventKind.PROCUREUR_COMPLAINT,
})
LAST_RESORT_COUNTERPARTS = frozenset({Counterpart.COURT, Counterpart.DGCCRF, Counterpart.PROCUREUR})


def is_written(event: Event) -> bool:
    """Written = a letter, a registered letter or an email by nature; a chat or another
    exchange (online form) ticked « écrit » or with a file kept (the transcript). A call or a
    shop visit never is, even ticked (:data:`ORAL_KINDS`)."""
    if event.kind in ORAL_KINDS:
        return False
    if event.written or event.kind in WRITTEN_KINDS:
        return True
    return event.kind is EventKind.CHAT and bool(event.exhibit_ids)


def marked_written_but_oral(event: Event) -> bool:
    """A call or a shop visit ticked « écrit » (the flag is not followed: see is_written)."""
    return event.written and event.kind in ORAL_KINDS


def event_title(event: Event) -> str:
    """ "Lettre recommandée avec accusé de réception — Service clients du 3 mars 2026"."""
    when = sent_on(event)
    text = f"{label(event.kind)} — {label(event.counterpart)}"
    if event.kind is EventKind.ANSWER and event.outcome is not None:
        text += f" ({label(event.outcome).lower()})"
    return f"{text} du {format_date_fr(when)}" if when else f"{text} (sans date)"


def is_complaint(event: Event, level: frozenset[Counterpart]) -> bool:
    return (event.direction is Direction.OUTGOING and event.kind in CONTACT_KINDS
            and event.counterpart in level)


FORMAL_NOTICE_PREFIXES = ("mise en demeure", "lettre de mise en demeure")
"""How a formal notice's summary starts (accents, case and spaces aside): the case window
records a posted letter with its label, « Mise en demeure » (``RegisteredLetterDialog``)."""


def is_formal_notice(event: Event) -> bool:
    """A mise en demeure the subscriber sent the operator: a written complaint to one of its
    levels whose summary names it as such (the model keeps no letter kind on an event; an
    incoming « mise en demeure de payer » is the operator's, not a step of the subscriber's)."""
    if not is_complaint(event, OPERATOR_SIDE) or not is_written(event):
        return False
    return _names_formal_notice(event.summary)


_LONGEST_PREFIX = max(map(len, FORMAL_NOTICE_PREFIXES))
_HEAD = 4 * _LONGEST_PREFIX


def _names_formal_notice(summary: str) -> bool:
    """Whether a summary starts like a formal notice's, accents, case and spaces aside.
    Only its head is read: the whole text decomposed (NFKD) cost a seventh of the list
    summary, at every save (issue 13). Decomposing, removing marks, lowering and collapsing
    spaces work character by character, so the head's reading begins like the whole text's
    (all but perhaps its last character: a final sigma); the whole text is read when the
    head gives too little (a head of spaces or marks)."""
    head = summary[:_HEAD]
    words = " ".join(strip_accents(head).lower().split())
    if len(words) <= _LONGEST_PREFIX and len(head) < len(summary):
        words = " ".join(strip_accents(summary).lower().split())
    return words.startswith(FORMAL_NOTICE_PREFIXES)


def is_answer(event: Event, level: frozenset[Counterpart]) -> bool:
    return event.kind is EventKind.ANSWER and event.counterpart in level


def is_real_answer(event: Event) -> bool:
    """An answer that stops a silence: any outcome but "no answer" (unknown outcome included)."""
    return event.outcome is not AnswerOutcome.NONE


@dataclass(frozen=True)
class Level:
    """The complaints to one level of the operator and its answers, dated, in order. Read
    for one assessment, while the events do not change: what is derived from them is
    computed once (``cached_property``; the routes ask for it a few dozen times)."""

    complaints: tuple[Event, ...]
    answers: tuple[Event, ...]

    @cached_property
    def real_answers(self) -> tuple[Event, ...]:
        return tuple(a for a in self.answers if is_real_answer(a))

    @cached_property
    def last_real_answer(self) -> Event | None:
        answers = self.real_answers
        return answers[-1] if answers else None

    @cached_property
    def pending(self) -> Event | None:
        """The first complaint sent after the level's last real answer (None if all answered)."""
        return next(iter(self.unanswered()), None)

    @cached_property
    def pending_written(self) -> Event | None:
        """The first written complaint sent after the level's last real answer: what the
        mediator's clocks run from (a call or a visit starts none)."""
        return next((c for c in self.unanswered() if is_written(c)), None)

    def unanswered(self) -> tuple[Event, ...]:
        """The complaints sent after the level's last real answer, in order."""
        return self._unanswered

    @cached_property
    def _unanswered(self) -> tuple[Event, ...]:
        last = self.last_real_answer
        return tuple(c for c in self.complaints
                     if last is None or sent_on(c) > sent_on(last))

    def oral_before(self, event: Event | None) -> tuple[Event, ...]:
        """The unanswered calls and visits sent before ``event`` (all of them if None)."""
        return tuple(c for c in self.unanswered() if not is_written(c)
                     and (event is None or sent_on(c) <= sent_on(event)))

    @property
    def clock_complaint(self) -> Event | None:
        """The complaint the level's answer delay runs from: its first written pending
        complaint, else (only calls or visits pending) its first pending one (seeds/001
        accepts a call to the service clients)."""
        return self.pending_written or self.pending

    def reference_complaint(self) -> Event | None:
        """The complaint the answer deadline is shown for: the clock's, else (all answered)
        the first written one — the prudent reading, a call proves no date (review 18.7) —,
        else the first."""
        return self.clock_complaint or next(
            (c for c in self.complaints if is_written(c)),
            self.complaints[0] if self.complaints else None)

    def unsatisfied_answers(self) -> tuple[Event, ...]:
        return tuple(a for a in self.answers if a.outcome in UNSATISFIED)


def read_level(events: Iterable[Event], level: frozenset[Counterpart]) -> Level:
    """The dated complaints to ``level`` and its answers, in the order of ``events``."""
    events = tuple(events)
    complaints = tuple(e for e in events if is_complaint(e, level))
    answers = tuple(e for e in events if is_answer(e, level))
    return Level(complaints, answers)
