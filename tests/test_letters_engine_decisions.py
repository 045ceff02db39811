"""The letters follow the procedure engine's decisions (issue 9, point 2): the assessment
carries ``letters`` (one decision per letter kind) and ``available_letters`` shows exactly
them, with no rule of its own; a kind the engine does not decide is not offered."""

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
    engine = {d.kind: d for d in real.letters}
    rows = {a.kind: a for a in available_letters(case, real)}
    for kind, row in rows.items():
        assert row.available is (engine[kind.value].state.value == "possible"), kind
        assert row.reason.startswith(engine[kind.value].reason), kind
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
    # A kind the engine does not decide is not offered.
    assert not rows[LetterKind.MEDIATOR].available
    assert "ne se prononce pas" in rows[LetterKind.MEDIATOR].reason


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
    composed = compose_letter(LetterKind.REMINDER, case, real, LetterSettings(), today)
    text = text_of(composed)
    assert "je vous ai adressé par lettre recommandée du 20 mai 2026, reçue le 22 mai 2026, " \
           "une réclamation" in text
    assert "restée sans réponse" in text
    assert "Service consommateurs" in " ".join(composed.letter.recipient) or \
        "Consommateurs" in " ".join(composed.letter.recipient)
