"""The letters follow the procedure engine's decisions (issue 9, point 2): when the
assessment carries ``letters`` (one decision per letter kind), ``available_letters`` shows
them; a kind the engine does not decide falls back on its module's hook."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dispute.procedure import assess
from documents.letters import LetterKind, available_letters
from tests.letter_matrix import _example

DAY = date(2026, 7, 1)


@dataclass(frozen=True)
class Decision:  # the shape of dispute.procedure's LetterDecision that the letters read
    kind: str
    state: str
    reason: str
    warning: str = ""


class WithDecisions:
    """An assessment as the engine will give it: every attribute of the real one, plus
    ``letters``."""

    def __init__(self, assessment, letters):
        self._a, self.letters = assessment, tuple(letters)

    def __getattr__(self, name):
        return getattr(self._a, name)


def test_the_engine_decides_and_the_letters_show_its_reason() -> None:
    case = _example("panne-fibre-particulier")
    real = assess(case, DAY)
    mine = {a.kind: a for a in available_letters(case, real)}
    assert mine[LetterKind.SERVICE_CONSOMMATEURS].available  # the module's hook says yes
    decided = WithDecisions(real, [
        Decision("recours_service_consommateurs", "sent",
                 "Déjà envoyé le 20 mai 2026, réponse attendue le 20 juin 2026."),
        Decision("plainte_procureur", "possible", "Infraction retenue : X.",
                 warning="Attention : une plainte n'obtient aucun remboursement."),
        Decision("relance_operateur", "possible", "Relance possible."),  # not written here
    ])
    rows = {a.kind: a for a in available_letters(case, decided)}
    assert not rows[LetterKind.SERVICE_CONSOMMATEURS].available
    assert rows[LetterKind.SERVICE_CONSOMMATEURS].reason.startswith("Déjà envoyé le 20 mai")
    assert rows[LetterKind.PROCUREUR].available
    assert "Attention" in rows[LetterKind.PROCUREUR].reason
    assert rows[LetterKind.PROCUREUR].warning.startswith("Attention")
    # Undecided kinds keep their module's answer.
    assert rows[LetterKind.MEDIATOR] == mine[LetterKind.MEDIATOR]
    assert len(rows) == len(mine)


def test_the_reminder_recalls_the_unanswered_complaint_to_its_level() -> None:
    from documents.letter_settings import LetterSettings
    from documents.letters import compose_letter
    from dispute.model import EventKind
    from tests.test_letters_practitioner import text_of

    case = _example("panne-fibre-particulier")
    case.events = [e for e in case.events if not (e.kind is EventKind.ANSWER
                                                  and e.date == date(2026, 6, 15))]
    today = date(2026, 7, 1)
    real = assess(case, today)
    decided = WithDecisions(real, [Decision("relance_operateur", "possible",
                                            "Réponse attendue le 22 juin 2026 : en retard.")])
    assert {a.kind: a for a in available_letters(case, decided)}[LetterKind.REMINDER].available
    assert not {a.kind: a for a in available_letters(case, real)}[LetterKind.REMINDER].available
    composed = compose_letter(LetterKind.REMINDER, case, real, LetterSettings(), today)
    text = text_of(composed)
    assert "Par une lettre recommandée du 20 mai 2026, reçue le 22 mai 2026, je vous ai " \
           "adressé une réclamation" in text
    assert "restée sans réponse" in text
    assert "Service consommateurs" in " ".join(composed.letter.recipient) or \
        "Consommateurs" in " ".join(composed.letter.recipient)
