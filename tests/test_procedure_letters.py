"""Issue 9, point 2: letters follow the case, decided by the engine.

Each kind is possible now, premature (with its date), already sent (« déjà envoyé le …,
réponse attendue le … ») or not applicable (with why); the next steps name the letters that
carry them out, and agree with these decisions.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dispute.letter_kinds import LetterKind
from dispute.model import (
    AnswerOutcome,
    CaseStatus,
    Counterpart,
    Direction,
    DisputeNature,
    Event,
    EventKind,
    HandlingStructure,
    InvoiceLine,
    PostalAddress,
)
from dispute.procedure import LetterState, assess, assessment_to_dict, format_assessment_text
from dispute.procedure.letter_decisions import LETTER_KINDS, STEP_KINDS
from procedure_builders import (
    SC,
    SCONS,
    answer,
    call,
    email,
    lrar,
    make_case,
    opinion,
    saisine,
    step,
    step_ids,
)

P, E, S, N = (LetterState.POSSIBLE, LetterState.PREMATURE, LetterState.SENT,
              LetterState.NOT_APPLICABLE)


def state(a, kind):
    return a.letter(kind).state


def test_every_kind_is_decided_once_in_order_and_known_kinds_keep_their_ids():
    a = assess(make_case(), date(2026, 3, 1))
    assert [d.kind for d in a.letters] == list(LETTER_KINDS)
    assert {k.value for k in LetterKind} <= set(LETTER_KINDS)
    assert a.letter(LetterKind.MEDIATOR) is a.letter("saisine_mediateur")


def test_service_clients_letter_possible_then_sent_then_answered():
    assert state(assess(make_case(), date(2026, 3, 1)), "reclamation_service_clients") is P
    letter = lrar(date(2026, 3, 2), received=date(2026, 3, 4))
    a = assess(make_case(letter), date(2026, 3, 3))  # the day after it was sent
    d = a.letter("reclamation_service_clients")
    assert d.state is S
    assert (d.sent_on, d.answer_due, d.event_id) == (date(2026, 3, 2), date(2026, 4, 4),
                                                      letter.id)
    assert d.reason == ("Réclamation écrite déjà envoyée le 2 mars 2026 ; réponse attendue le "
                        "4 avril 2026.")
    late = assess(make_case(letter), date(2026, 4, 5)).letter("reclamation_service_clients")
    assert late.state is S and "non reçue : une relance est possible" in late.reason
    answered = assess(make_case(letter, answer(date(2026, 3, 20))), date(2026, 3, 21))
    d = answered.letter("reclamation_service_clients")
    assert d.state is N
    assert d.reason == ("Le service clients a répondu le 20 mars 2026 : l'étape suivante est "
                        "le service consommateurs.")


def test_an_answer_the_same_day_closes_the_service_clients_letter():
    a = assess(make_case(email(date(2026, 3, 2)), answer(date(2026, 3, 2))), date(2026, 3, 2))
    assert state(a, "reclamation_service_clients") is N
    assert state(a, "recours_service_consommateurs") is P


def test_service_consommateurs_letter_follows_its_level():
    first = email(date(2026, 1, 5))
    # before the service clients' month has passed: premature, with the date
    d = assess(make_case(first), date(2026, 1, 20)).letter("recours_service_consommateurs")
    assert d.state is E and d.possible_from == date(2026, 2, 6)
    assert "6 février 2026" in d.reason
    assert state(assess(make_case(first), date(2026, 2, 6)), "recours_service_consommateurs") is P
    # sent on 2 February (received on the 4th): the day after, « déjà envoyé », not « Oui »
    second = lrar(date(2026, 2, 2), SCONS, received=date(2026, 2, 4))
    d = assess(make_case(first, answer(date(2026, 1, 28)), second),
               date(2026, 2, 3)).letter("recours_service_consommateurs")
    assert d.state is S and d.answer_due == date(2026, 3, 4)
    # once the service consommateurs answered, no second letter to it
    d = assess(make_case(first, answer(date(2026, 1, 28)), second,
                         answer(date(2026, 2, 20), frm=SCONS)),
               date(2026, 2, 21)).letter("recours_service_consommateurs")
    assert d.state is N
    assert "l'étape suivante est le médiateur" in d.reason


def test_formal_notice_waits_for_the_operators_delays():
    first = lrar(date(2026, 1, 5), received=date(2026, 1, 8))
    d = assess(make_case(first), date(2026, 1, 20)).letter("mise_en_demeure")
    assert d.state is E and d.possible_from == date(2026, 2, 9)
    assert d.reason.startswith("Prématuré")
    assert state(assess(make_case(first), date(2026, 2, 9)), "mise_en_demeure") is P
    # the service consommateurs written to on 10 February: its month runs too
    case = make_case(first, email(date(2026, 2, 10), SCONS))
    d = assess(case, date(2026, 2, 20)).letter("mise_en_demeure")
    assert d.state is E and d.possible_from == date(2026, 3, 11)
    # no written complaint at all: premature, undated
    d = assess(make_case(call(date(2026, 1, 5))), date(2026, 6, 1)).letter("mise_en_demeure")
    assert d.state is E and d.possible_from is None
    # the operator satisfied the subscriber: not applicable
    d = assess(make_case(first, answer(date(2026, 1, 20), AnswerOutcome.SATISFACTORY)),
               date(2026, 3, 1)).letter("mise_en_demeure")
    assert d.state is N


def test_formal_notice_waits_for_a_running_mediation():
    case = make_case(email(date(2026, 1, 5)), saisine(date(2026, 3, 10)))
    d = assess(case, date(2026, 4, 1)).letter("mise_en_demeure")
    assert d.state is E and d.possible_from == date(2026, 6, 11)


def test_reminder_after_the_waiting_delay_to_the_late_level():
    first = email(date(2026, 1, 5))
    d = assess(make_case(first), date(2026, 1, 20)).letter("relance_operateur")
    assert d.state is E and d.possible_from == date(2026, 2, 6)
    d = assess(make_case(first), date(2026, 2, 6)).letter("relance_operateur")
    assert d.state is P and d.recipient == "service_clients"
    assert "remind_operator" in step_ids(assess(make_case(first), date(2026, 2, 6)))
    reminded = assess(make_case(first, email(date(2026, 2, 10))), date(2026, 2, 11))
    assert state(reminded, "relance_operateur") is S
    # the service consommateurs is the late level once written to
    d = assess(make_case(first, answer(date(2026, 1, 20)), email(date(2026, 1, 25), SCONS)),
               date(2026, 2, 26)).letter("relance_operateur")
    assert d.state is P and d.recipient == "service_consommateurs"
    # nothing pending: not applicable
    assert state(assess(make_case(first, answer(date(2026, 1, 6))), date(2026, 3, 1)),
                 "relance_operateur") is N


def test_mediator_letter_states():
    first = email(date(2026, 1, 10))
    d = assess(make_case(first), date(2026, 2, 1)).letter("saisine_mediateur")
    assert d.state is E and d.possible_from == date(2026, 3, 11)
    assert state(assess(make_case(first), date(2026, 3, 11)), "saisine_mediateur") is P
    seized = assess(make_case(first, saisine(date(2026, 3, 15))), date(2026, 3, 16))
    d = seized.letter("saisine_mediateur")
    assert d.state is S and d.answer_due == date(2026, 6, 15)
    assert d.reason == "Médiateur déjà saisi le 15 mars 2026 ; avis attendu le 15 juin 2026."
    late = assess(make_case(first), date(2027, 1, 11)).letter("saisine_mediateur")
    assert late.state is N and "Plus d'un an" in late.reason
    business = assess(make_case(first, business=True), date(2026, 4, 1))
    assert state(business, "saisine_mediateur") is N


def test_procureur_only_behind_a_chosen_offence_with_a_warning():
    case = make_case(email(date(2026, 1, 5)), opinion(date(2026, 5, 1)))
    d = assess(case, date(2026, 5, 2)).letter("plainte_procureur")
    assert d.state is N and "infraction pénale précise" in d.reason
    case.offence = "Pratique commerciale trompeuse <b>&</b>"
    d = assess(case, date(2026, 5, 2)).letter("plainte_procureur")
    # no facts written: premature, with the same warning (model v3: never invented)
    assert d.state is E and "faits qui la constituent ne sont pas rédigés" in d.reason
    assert "ne rembourse rien" in d.warning and "<b>&</b>" in d.warning
    case.offence_facts = "  \n\t "  # blank is not written
    assert assess(case, date(2026, 5, 2)).letter("plainte_procureur").state is E
    case.offence_facts = "Publicité du 3 mars 2026 annonçant « sans engagement »."
    d = assess(case, date(2026, 5, 2)).letter("plainte_procureur")
    assert d.state is P
    assert "ne rembourse rien" in d.warning and "<b>&</b>" in d.warning
    # already filed: sent, facts or not
    case.offence_facts = ""
    case.events.append(Event(kind=EventKind.PROCUREUR_COMPLAINT, date=date(2026, 5, 1),
                             counterpart=Counterpart.PROCUREUR, written=True))
    assert assess(case, date(2026, 5, 2)).letter("plainte_procureur").state is S


def test_hostile_offence_text_is_kept_as_text_and_bounded():
    case = make_case()
    case.offence = "\x00\u202e" + "é" * 5000 + "\ud800 😀"
    case.offence_facts = "\x00\u202e" + "è" * 50_000 + "\ud800 😀"
    d = assess(case, date(2026, 5, 2)).letter("plainte_procureur")
    assert d.state is P and len(d.reason) < 300 and "è" not in d.reason
    json.dumps(assessment_to_dict(assess(case, date(2026, 5, 2))))  # never breaks the output


def test_mandate_follows_the_handling_structure():
    case = make_case()
    assert state(assess(case, date(2026, 3, 1)), "mandat") is N
    case.handling_structure = HandlingStructure(name="CPME du Calvados")
    assert state(assess(case, date(2026, 3, 1)), "mandat") is P
    case.events.append(Event(kind=EventKind.MANDATE_SIGNED, date=date(2026, 3, 2),
                             counterpart=Counterpart.HANDLING_STRUCTURE))
    d = assess(case, date(2026, 3, 3)).letter("mandat")
    assert d.state is S and d.sent_on == date(2026, 3, 2)


def test_portability_compensation_only_for_a_portability_dispute_of_a_consumer():
    case = make_case()
    assert state(assess(case, date(2026, 3, 1)), "demande_indemnite_portabilite") is N
    case.natures.append(DisputeNature.PORTABILITY)
    d = assess(case, date(2026, 3, 1)).letter("demande_indemnite_portabilite")
    assert d.state is P and "25 mai 2018" in d.reason and "30 jours" in d.reason
    business = make_case(business=True)
    business.natures.append(DisputeNature.PORTABILITY)
    assert state(assess(business, date(2026, 3, 1)), "demande_indemnite_portabilite") is N


def test_billing_contestation_follows_the_service_clients_letter():
    case = make_case()
    assert state(assess(case, date(2026, 3, 1)), "contestation_facturation") is N
    case.invoice_lines.append(InvoiceLine(invoice_number="F1", paid_on=date(2026, 1, 2)))
    assert state(assess(case, date(2026, 3, 1)), "contestation_facturation") is P
    case.events.append(email(date(2026, 3, 2)))
    d = assess(case, date(2026, 3, 3)).letter("contestation_facturation")
    assert d.state is S and d.answer_due == date(2026, 4, 2)


def test_a_closed_case_offers_nothing():
    case = make_case(email(date(2026, 1, 5)))
    case.status = CaseStatus.RESOLVED
    a = assess(case, date(2026, 3, 1))
    assert {d.state for d in a.letters} == {N}
    assert a.next_steps == ()


def test_business_has_no_service_consommateurs_but_may_use_an_internal_appeal():
    case = make_case(email(date(2026, 1, 5)), business=True)
    case.operator.service_consommateurs_address = PostalAddress()
    d = assess(case, date(2026, 2, 10)).letter("recours_service_consommateurs")
    assert d.state is N and "pas de « service consommateurs »" in d.reason
    assert "write_service_consommateurs" not in step_ids(assess(case, date(2026, 2, 10)))
    case.operator.service_consommateurs_address = PostalAddress(
        street_lines=["Service réclamations"], postcode="75001", city="Paris")
    d = assess(case, date(2026, 2, 10)).letter("recours_service_consommateurs")
    assert d.state is P and d.label == "Recours interne auprès de l'opérateur"
    assert "Facultatif" in d.reason


def test_steps_name_their_letters():
    a = assess(make_case(), date(2026, 3, 1))
    assert step(a, "contact_service_clients").letter_kinds == ("reclamation_service_clients",)
    first = email(date(2026, 1, 5))
    a = assess(make_case(first), date(2026, 1, 20))
    assert step(a, "write_service_consommateurs").letter_kinds == (
        "recours_service_consommateurs",)  # premature, from the step's date
    a = assess(make_case(first, opinion(date(2026, 5, 1))), date(2026, 5, 2))
    assert "courrier_dgccrf" in step(a, "last_resort").letter_kinds


def test_text_report_lists_the_letters():
    text = format_assessment_text(assess(make_case(email(date(2026, 3, 2))), date(2026, 3, 3)))
    assert "Courriers :" in text
    assert ("Réclamation au service clients : déjà fait — Réclamation écrite déjà envoyée le "
            "2 mars 2026") in text


def test_letters_in_status_json():
    data = assessment_to_dict(assess(make_case(email(date(2026, 3, 2))), date(2026, 3, 3)))
    first = data["letters"][0]
    assert list(first) == ["kind", "state", "possible", "reason", "possible_from", "sent_on",
                           "answer_due", "event_id", "recipient", "label", "warning", "waits_for",
                           "basis"]
    assert (first["kind"], first["state"], first["sent_on"], first["answer_due"]) == (
        "reclamation_service_clients", "sent", "2026-03-02", "2026-04-02")


# --- the letters list and the next steps agree ----------------------------------------------

DAY0 = date(2026, 1, 1)
kinds = st.sampled_from([EventKind.CALL, EventKind.EMAIL, EventKind.REGISTERED_LETTER,
                         EventKind.LETTER, EventKind.ANSWER, EventKind.SAISINE,
                         EventKind.MEDIATOR_OPINION, EventKind.PARTY_POSITION,
                         EventKind.COURT_ACTION, EventKind.DGCCRF_REPORT, EventKind.CHAT])
counterparts = st.sampled_from([SC, SC, SCONS, SCONS, Counterpart.MEDIATOR, Counterpart.CPME,
                                Counterpart.BUSINESS_MEDIATOR, Counterpart.CONCILIATEUR,
                                Counterpart.OPERATOR_OTHER, Counterpart.COURT])


@st.composite
def events(draw):
    kind = draw(kinds)
    incoming = kind in (EventKind.ANSWER, EventKind.MEDIATOR_OPINION)
    return Event(kind=kind, date=DAY0 + timedelta(days=draw(st.integers(0, 400))),
                 counterpart=draw(counterparts),
                 direction=Direction.INCOMING if incoming else Direction.OUTGOING,
                 outcome=draw(st.sampled_from(list(AnswerOutcome) + [None])),
                 written=draw(st.booleans()))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(events(), max_size=8), st.integers(0, 500), st.booleans(), st.booleans())
def test_letters_and_next_steps_agree(chronology, day, business, offence):
    case = make_case(*chronology, business=business)
    case.offence = "Vente forcée" if offence else ""
    today = DAY0 + timedelta(days=day)
    a = assess(case, today)
    letters = {d.kind: d for d in a.letters}
    named = set()
    for s in a.next_steps:
        for kind in s.letter_kinds:
            named.add(kind)
            d = letters[kind]
            if s.earliest <= today:
                assert d.possible, (s.id, kind, d)
            else:
                assert d.state is E and d.possible_from == s.earliest, (s.id, kind, d)
    for kind in STEP_KINDS:
        d = letters[kind]
        if d.possible and not (business and kind == "recours_service_consommateurs"):
            assert kind in named, (kind, d.reason, [s.id for s in a.next_steps])
    for d in a.letters:
        assert d.reason.strip()
        if d.state is S:
            assert d.sent_on is not None and d.sent_on <= max(
                (e.date for e in chronology), default=today)
        if d.possible_from is not None:
            assert d.state is E and d.possible_from > today
    json.dumps(assessment_to_dict(a))
