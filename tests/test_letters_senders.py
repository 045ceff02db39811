"""Who sent each step (case model v3, ``Event.sender``) as the letters and the chronology say
it: « Notre courrier » when the structure signing sent it, « Courrier de notre adhérente »
when the subscriber did, « … de la CPME du Calvados » in the subscriber's own letter; nothing
when the sender is not said (never a wrong one)."""

from __future__ import annotations

from datetime import date

import pytest

from dispute.event_senders import consistent, likely_sender, mandate_day
from dispute.model import (
    AnswerOutcome,
    Civility,
    Counterpart,
    Direction,
    Event,
    EventKind,
    HandlingStructure,
    RegisteredMail,
    Sender,
    StructureKind,
)
from dispute.procedure import assess
from dispute.validation import validate_case
from documents.chronology import event_row
from documents.letter_settings import LetterSettings
from documents.letters import LetterKind, compose_letter
from documents.letters.senders import sender_words, whose
from documents.letters.voice import Voice, VoiceMode
from tests.letter_matrix import _private
from tests.test_letters_practitioner import text_of

DAY = date(2026, 5, 20)
STRUCTURE = HandlingStructure(name="CPME du Calvados", kind=StructureKind.CPME,
                              member_number="A-12")


def _case(sender: Sender | None, *, structure: bool = True):
    case = _private(Civility.MRS, "Claire Fontaine", False)
    case.handling_structure = STRUCTURE if structure else None
    case.events = [
        Event(kind=EventKind.REGISTERED_LETTER, date=date(2026, 3, 16), written=True,
              counterpart=Counterpart.SERVICE_CLIENTS, sender=sender,
              registered=RegisteredMail(tracking_number="1A 000 000 3161 2",
                                        posted_on=date(2026, 3, 16),
                                        received_on=date(2026, 3, 18))),
    ]
    return case


def _structure_voice(member="notre adhérente") -> Voice:
    return Voice(VoiceMode.STRUCTURE, "Claire Fontaine", None, member=member, feminine=True)


def _person_voice() -> Voice:
    return Voice(VoiceMode.PERSON, "Claire Fontaine", None, feminine=True)


def test_sender_words_follow_the_letters_voice() -> None:
    case = _case(Sender.HANDLING_STRUCTURE)
    ev = case.events[0]
    assert sender_words(ev, case, _structure_voice()) == (True, "")
    assert sender_words(ev, case, _person_voice()) == (False, "de la CPME du Calvados")
    assert sender_words(ev, case, None) == (False, "de la CPME du Calvados")
    ev.sender = Sender.SUBSCRIBER
    assert sender_words(ev, case, _structure_voice()) == (False, "de notre adhérente")
    assert sender_words(ev, case, _person_voice()) == (False, "")
    ev.sender = None
    assert sender_words(ev, case, _structure_voice()) == (False, "")
    ev.sender, ev.direction = Sender.OPERATOR, Direction.INCOMING
    assert sender_words(ev, case, _structure_voice()) == (False, "")


def test_whose_says_notre_or_names_the_sender() -> None:
    case = _case(Sender.HANDLING_STRUCTURE)
    ev = case.events[0]
    assert whose(ev, case, _structure_voice(), "lettre recommandée") == \
        "notre lettre recommandée"
    assert whose(ev, case, _person_voice(), "lettre recommandée") == \
        "la lettre recommandée de la CPME du Calvados"
    case.handling_structure = HandlingStructure(name="  ")
    assert whose(ev, case, _person_voice(), "réclamation") == \
        "la réclamation de la structure d'accompagnement"
    ev.sender = Sender.SUBSCRIBER
    assert whose(ev, case, _person_voice(), "réclamation") == "ma réclamation"
    assert whose(ev, case, _structure_voice(), "réclamation") == "sa réclamation"


def _letter(kind: LetterKind, case, settings: LetterSettings | None = None) -> str:
    return text_of(compose_letter(kind, case, assess(case, DAY), settings or LetterSettings(),
                                  DAY))


def test_the_mediator_saisine_names_the_structure_that_wrote() -> None:
    """The subscriber's saisine recalls the structure's letter as the structure's."""
    case = _case(Sender.HANDLING_STRUCTURE)
    text = _letter(LetterKind.MEDIATOR, case)
    assert "Lettre recommandée avec accusé de réception n° 1A 000 000 3161 2 de la CPME du " \
           "Calvados adressée au service clients" in text.replace("\u00a0", " ")
    case.events[0].sender = None  # not said: as before, no sender
    text = _letter(LetterKind.MEDIATOR, case).replace("\u00a0", " ")
    assert "3161 2 adressée au service clients" in text and "CPME du Calvados adressée" \
        not in text


def test_the_structures_letter_says_notre_or_names_its_member() -> None:
    settings = LetterSettings(structure_signs=True)
    case = _case(Sender.SUBSCRIBER)
    case.events.append(Event(kind=EventKind.MANDATE_SIGNED, date=date(2026, 3, 1),
                             counterpart=Counterpart.HANDLING_STRUCTURE, written=True))
    text = _letter(LetterKind.SERVICE_CONSOMMATEURS, case, settings).replace("\u00a0", " ")
    assert "Nous intervenons pour le compte" in text  # the structure signs
    assert "Lettre recommandée avec accusé de réception n° 1A 000 000 3161 2 de notre " in text
    case.events[0].sender = Sender.HANDLING_STRUCTURE
    text = _letter(LetterKind.SERVICE_CONSOMMATEURS, case, settings).replace("\u00a0", " ")
    assert "Notre lettre recommandée avec accusé de réception n° 1A 000 000 3161 2" in text
    assert "n'a pas répondu à notre lettre recommandée du 16 mars 2026" in text


def test_the_subscribers_second_level_letter_names_the_structures_letter() -> None:
    case = _case(Sender.HANDLING_STRUCTURE)
    text = _letter(LetterKind.SERVICE_CONSOMMATEURS, case).replace("\u00a0", " ")
    assert "Nous intervenons pour le compte" not in text  # the subscriber signs
    assert "n'a pas répondu à la lettre recommandée de la CPME du Calvados du 16 mars " \
           "2026" in text
    case.events[0].sender = Sender.SUBSCRIBER
    text = _letter(LetterKind.SERVICE_CONSOMMATEURS, case).replace("\u00a0", " ")
    assert "n'a pas répondu à ma lettre recommandée du 16 mars 2026" in text


def test_the_reminder_says_who_sent_the_complaint() -> None:
    case = _case(Sender.HANDLING_STRUCTURE)
    text = _letter(LetterKind.REMINDER, case).replace("\u00a0", " ")
    assert "je vous ai fait adresser par lettre recommandée du 16 mars 2026, reçue le 18 mars " \
           "2026, une réclamation relative à" in text
    assert "par l'intermédiaire de la CPME du Calvados. Elle est restée sans réponse" in text
    signed = _letter(LetterKind.REMINDER, case, LetterSettings(structure_signs=True))
    signed = signed.replace("\u00a0", " ")
    assert "Par lettre recommandée du 16 mars 2026, reçue le 18 mars 2026, nous vous avons " \
           "adressé, pour le compte de notre adhérente, Madame Claire Fontaine" in signed
    case.events[0].sender = None
    text = _letter(LetterKind.REMINDER, case)
    assert "par l'intermédiaire" not in text


def test_the_dossier_chronology_states_the_sender() -> None:
    case = _case(Sender.HANDLING_STRUCTURE)
    row = event_row(case, case.events[0], {})
    assert "envoyée par la structure d'accompagnement" in row[1]
    case.events[0].sender = Sender.SUBSCRIBER
    assert "envoyée par l'abonnée" in event_row(case, case.events[0], {})[1]
    case.events[0].sender = None  # a structure follows the case: not guessed
    assert "expéditeur non précisé" in event_row(case, case.events[0], {})[1]
    solo = _case(None, structure=False)  # no structure: only the subscriber could send it
    assert "envoyée par l'abonnée" in event_row(solo, solo.events[0], {})[1]


@pytest.mark.parametrize(("event", "structure", "mandate", "expected"), [
    (Event(kind=EventKind.LETTER), False, None, Sender.SUBSCRIBER),
    (Event(kind=EventKind.LETTER, date=date(2026, 3, 1)), True, date(2026, 3, 2),
     Sender.SUBSCRIBER),
    (Event(kind=EventKind.LETTER, date=date(2026, 3, 2)), True, date(2026, 3, 2), None),
    (Event(kind=EventKind.LETTER), True, None, None),
    (Event(kind=EventKind.ANSWER, direction=Direction.INCOMING), True, None, Sender.OPERATOR),
    (Event(kind=EventKind.MEDIATOR_OPINION, direction=Direction.INCOMING,
           counterpart=Counterpart.MEDIATOR), False, None, Sender.THIRD_PARTY),
    (Event(kind=EventKind.LETTER, direction=Direction.INCOMING,
           counterpart=Counterpart.OTHER), False, None, None),
    (Event(kind=EventKind.OUTAGE), False, None, None),
])
def test_likely_sender(event, structure, mandate, expected) -> None:
    assert likely_sender(event, structure, mandate) is expected


def test_mandate_day_is_the_first_dated_signature() -> None:
    events = [Event(kind=EventKind.MANDATE_SIGNED, date=date(2026, 4, 2)),
              Event(kind=EventKind.MANDATE_SIGNED),
              Event(kind=EventKind.MANDATE_SIGNED, date=date(2026, 3, 2))]
    assert mandate_day(events) == date(2026, 3, 2) and mandate_day([]) is None


def test_a_sender_against_the_direction_is_warned() -> None:
    case = _case(Sender.OPERATOR)  # an outgoing letter « sent by the operator »
    assert not consistent(case.events[0])
    issues = [i for i in validate_case(case, DAY) if i.path == "events[0].sender"]
    assert [i.code for i in issues] == ["event.sender_direction"] and not issues[0].is_error
    answer = Event(kind=EventKind.ANSWER, direction=Direction.INCOMING,
                   outcome=AnswerOutcome.PARTIAL, sender=Sender.SUBSCRIBER)
    assert not consistent(answer)
    answer.sender = Sender.OPERATOR
    assert consistent(answer)


def _grammar_cases():
    """Letters where the v3 sentences appear: every sender in both voices, a call, an e-mail
    and a plain letter besides the registered one; the L.224-42-1 request with its request
    date (late and ported, late and awaited)."""
    from dispute.model import DisputeNature

    for sender in (Sender.HANDLING_STRUCTURE, Sender.SUBSCRIBER, None):
        case = _case(sender)
        for kind, day in ((EventKind.CALL, 2), (EventKind.EMAIL, 4), (EventKind.LETTER, 6)):
            case.events.append(Event(kind=kind, date=date(2026, 3, day), sender=sender,
                                     written=kind is not EventKind.CALL))
        for signs in (False, True):
            for kind in (LetterKind.SERVICE_CLIENTS, LetterKind.SERVICE_CONSOMMATEURS,
                         LetterKind.REMINDER, LetterKind.MEDIATOR, LetterKind.FORMAL_NOTICE,
                         LetterKind.CPME):
                yield kind, case, LetterSettings(structure_signs=signs)
    for end in (date(2026, 4, 9), None):
        case = _case(None, structure=False)
        case.natures = [DisputeNature.PORTABILITY]
        case.portability_requested_on = date(2026, 4, 1)
        case.events.append(Event(kind=EventKind.OUTAGE, date=date(2026, 4, 1), end_date=end))
        yield LetterKind.PORTABILITY_COMPENSATION, case, LetterSettings()


def test_the_new_sentences_pass_grammalecte_and_the_elision_check() -> None:
    from tests.grammar import check_texts, unavailable_reason
    from tests.test_letters_grammar import (
        MISSING_ELISION,
        _accepted,
        _elision_accepted,
        letter_text,
    )

    texts = []
    for kind, case, settings in _grammar_cases():
        composed = compose_letter(kind, case, assess(case, DAY), settings, DAY)
        texts.append(letter_text(composed.letter, composed.annex))
    assert any("Notre lettre recommandée" in t for t in texts)
    assert any("de notre adhérente" in t for t in texts)
    assert any("par l'intermédiaire de la CPME du Calvados" in t for t in texts)
    assert any("le portage devait intervenir au plus tard le" in t for t in texts)
    elisions = [m.group(0) for t in texts for p in t.split("\n")
                for m in MISSING_ELISION.finditer(p) if not _elision_accepted(m.group(0))]
    assert not elisions
    reason = unavailable_reason()
    if reason is not None:
        pytest.skip(reason)
    errors = [f"{e.found} — {e.message} — …{e.context}…" for found in check_texts(texts)
              for e in found if not _accepted(e)]
    assert not errors, "\n".join(errors)
