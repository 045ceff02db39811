"""Issue 9, point 4: the court route replaces the procureur complaint as the last resort.

A €55 contractual dispute ends before the judge, after a prior amicable attempt (C.P.C. 750-1,
article number « à vérifier » since decree 2025-660): the mediator's opinion or a conciliateur
de justice counts. The requête (Cerfa 16042*02) needs it; a support structure cannot represent
the subscriber there (C.P.C. 762). A company goes to the tribunal de commerce (C.P.C. 853).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from dispute.model import (
    BusinessForm,
    Counterpart,
    Credit,
    Direction,
    Event,
    EventKind,
    InvoiceLine,
    TaxBasis,
)
from dispute.procedure import LetterState, assess, assessment_to_dict, format_assessment_text
from procedure_builders import answer, codes, email, make_case, opinion, reason, saisine, step

P, E, S, N = (LetterState.POSSIBLE, LetterState.PREMATURE, LetterState.SENT,
              LetterState.NOT_APPLICABLE)


def small_claim(*events, business=False):
    case = make_case(email(date(2026, 1, 5)), *events, business=business)
    case.invoice_lines.append(InvoiceLine(invoice_number="F1", amount_disputed=Decimal("55.00"),
                                          paid_on=date(2026, 1, 2)))
    return case


def conciliateur(d: date, kind=EventKind.LETTER, direction=Direction.OUTGOING):
    return Event(kind=kind, date=d, counterpart=Counterpart.CONCILIATEUR, direction=direction,
                 written=True)


def test_after_the_opinion_the_last_resort_is_the_court_not_the_procureur():
    a = assess(small_claim(saisine(date(2026, 3, 10)), opinion(date(2026, 5, 1))),
               date(2026, 5, 2))
    last = step(a, "last_resort")
    assert "procureur" not in last.label.lower()
    assert "requête au tribunal judiciaire (Cerfa 16042*02)" in last.label
    assert "DGCCRF" in last.label
    assert a.letter("plainte_procureur").state is N
    assert a.letter("requete_tribunal").state is P  # the opinion is the amicable attempt
    assert last.letter_kinds[0] == "requete_tribunal"
    assert a.court.open and a.court.kind == "tribunal_judiciaire"
    done = next(n for n in a.court.notes if n.code == "amicable_attempt_done")
    assert "L'avis du médiateur du 1er mai 2026 vaut tentative" in done.message
    assert "numéro à vérifier depuis le décret n° 2025-660" in done.message
    assert done.basis.rule_id == "court_prior_mediation_5000"
    assert done.basis.rule.verified


def test_the_structure_cannot_represent_before_the_tribunal_judiciaire():
    a = assess(small_claim(saisine(date(2026, 3, 10)), opinion(date(2026, 5, 1))),
               date(2026, 5, 2))
    note = next(n for n in a.court.notes if n.code == "no_representation_by_structure")
    assert "C.P.C. 762" in note.message
    assert "ne peut pas représenter l'abonné (C.P.C. 762)" in a.letter("requete_tribunal").reason


def test_mediator_barred_then_the_conciliateur_is_the_amicable_attempt():
    # more than a year since the first written complaint: the mediator is closed for good
    a = assess(small_claim(), date(2027, 2, 1))
    assert "one_year_exceeded" in codes(a.mediator)
    assert a.letter("saisine_conciliateur").state is P
    assert a.letter("requete_tribunal").state is E
    required = reason(a.court, "amicable_attempt_required")
    assert "tentative amiable préalable est obligatoire" in required.message
    assert step(a, "last_resort").letter_kinds == ("saisine_conciliateur", "courrier_dgccrf",
                                                   "mise_en_demeure")


def test_while_the_mediator_is_available_the_conciliateur_waits():
    a = assess(small_claim(), date(2026, 3, 20))  # mediator open since 6 March
    d = a.letter("saisine_conciliateur")
    assert d.state is E
    assert "Médiateur des communications électroniques" in d.reason
    assert a.court.opens_on is None


def test_a_conciliateur_seized_then_three_months_without_meeting_gives_a_dispense():
    case = small_claim(conciliateur(date(2027, 2, 10)))
    a = assess(case, date(2027, 3, 1))
    d = a.letter("saisine_conciliateur")
    assert d.state is S and d.sent_on == date(2027, 2, 10)
    req = a.letter("requete_tribunal")
    assert req.state is E and req.possible_from == date(2027, 5, 11)
    assert a.letter("requete_tribunal").basis.rule_id == "conciliateur_unavailable_dispense"
    assert assess(case, date(2027, 5, 11)).letter("requete_tribunal").state is P


def test_the_conciliateurs_answer_is_the_amicable_attempt():
    case = small_claim(conciliateur(date(2027, 2, 10)),
                       conciliateur(date(2027, 3, 1), EventKind.ANSWER, Direction.INCOMING))
    assert assess(case, date(2027, 3, 2)).letter("requete_tribunal").state is P


def test_above_5000_no_requete_and_no_amicable_requirement():
    case = small_claim(saisine(date(2026, 3, 10)), opinion(date(2026, 5, 1)))
    case.invoice_lines[0].amount_disputed = Decimal("4200.00")
    case.invoice_lines[0].tax_basis = TaxBasis.HT  # 5,040 € TTC
    a = assess(case, date(2026, 5, 2))
    assert a.letter("requete_tribunal").state is N
    assert "plus de 5 000 €" in a.letter("requete_tribunal").reason
    # a credit already deducted brings it back under 5,000 €
    case.credits.append(Credit(amount=Decimal("100.00"), deducted=True))
    assert assess(case, date(2026, 5, 2)).letter("requete_tribunal").state is P


def test_a_court_seized_is_already_sent():
    court = Event(kind=EventKind.COURT_ACTION, date=date(2026, 6, 1),
                  counterpart=Counterpart.COURT)
    a = assess(small_claim(saisine(date(2026, 3, 10)), opinion(date(2026, 5, 1)), court),
               date(2026, 6, 2))
    assert a.letter("requete_tribunal").state is S
    assert "last_resort" not in [s.id for s in a.next_steps]
    assert codes(a.court) == ["already_seized"]


def business_mediation_ended(start: date, end: date) -> tuple[Event, Event]:
    """The Médiateur des entreprises seized, then its answer (the mediation's end)."""
    return (saisine(start, Counterpart.BUSINESS_MEDIATOR),
            Event(kind=EventKind.ANSWER, date=end, counterpart=Counterpart.BUSINESS_MEDIATOR,
                  direction=Direction.INCOMING, written=True))


def test_a_company_goes_to_the_tribunal_de_commerce():
    # the court is the last resort, after the amicable route (practitioner's review, point 3)
    case = small_claim(answer(date(2026, 1, 20)),
                       *business_mediation_ended(date(2026, 1, 21), date(2026, 1, 30)),
                       business=True)
    case.subscriber.business_form = BusinessForm.COMPANY
    a = assess(case, date(2026, 2, 1))
    assert a.court.kind == "tribunal_de_commerce"
    assert a.court.open  # no amicable attempt required before the tribunal de commerce
    # the tribunal de commerce's document is usable at the last resort (review3 1.2)
    assert a.letter("requete_tribunal").state is LetterState.POSSIBLE
    assert "tribunal de commerce" in a.letter("requete_tribunal").reason
    assert a.letter("saisine_conciliateur").state is N
    note = next(n for n in a.court.notes if n.code == "commerce_special_power")
    assert "pouvoir spécial (C.P.C. 853)" in note.message and "10 000 €" in note.message
    assert "tribunal de commerce" in step(a, "last_resort").label


def test_an_association_goes_to_the_tribunal_judiciaire_with_the_amicable_attempt():
    # the CPME's answer ends that amicable route, but it is no mediation (C.P.C. 750-1)
    cpme_answer = Event(kind=EventKind.ANSWER, date=date(2026, 1, 28),
                        counterpart=Counterpart.CPME, direction=Direction.INCOMING, written=True)
    case = small_claim(answer(date(2026, 1, 20)), saisine(date(2026, 1, 21), Counterpart.CPME),
                       cpme_answer, business=True)
    case.subscriber.business_form = BusinessForm.ASSOCIATION
    a = assess(case, date(2026, 2, 1))
    assert a.court.kind == "tribunal_judiciaire"
    assert "amicable_attempt_required" in codes(a.court)
    assert a.letter("saisine_conciliateur").state is P


def test_court_route_in_status_json_and_text():
    a = assess(small_claim(saisine(date(2026, 3, 10)), opinion(date(2026, 5, 1))),
               date(2026, 5, 2))
    data = assessment_to_dict(a)
    assert data["routes"]["court"]["kind"] == "tribunal_judiciaire"
    assert {n["code"] for n in data["routes"]["court"]["notes"]} == {
        "amicable_attempt_done", "no_representation_by_structure"}
    text = format_assessment_text(a)
    assert "Juge (tribunal judiciaire (tribunal de proximité)) : ouvert" in text
