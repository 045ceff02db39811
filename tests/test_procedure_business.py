"""Issue 9, point 5: the business route (Arcep).

Service client, then after one month without a satisfactory answer the Médiateur des
entreprises (or the court); the CPME as before for Bouygues Télécom, Orange and SFR; the
telecom mediator closed; no « service consommateurs » framing.
"""

from __future__ import annotations

from datetime import date

import pytest

from dispute.procedure import LetterState, assess, assessment_to_dict
from dispute.procedure.business_mediator import is_generic_email, is_mobile
from dispute.model import Counterpart, DisputeNature
from procedure_builders import answer, call, codes, email, make_case, saisine, step, step_ids

P, E, S, N = (LetterState.POSSIBLE, LetterState.PREMATURE, LetterState.SENT,
              LetterState.NOT_APPLICABLE)


def business(*events, operator="Orange", directory_id="orange"):
    case = make_case(*events, business=True, operator=operator, directory_id=directory_id)
    case.subscriber.siren = "123 456 789 00012"
    case.subscriber.email = "lea.martin@boulangerie-lea.fr"
    case.subscriber.phone = "06 12 34 56 78"
    case.operator.siren = "380129866"
    return case


@pytest.mark.parametrize(("operator", "directory_id", "cpme"), [
    ("Orange", "orange", True),
    ("Free", "free", False),
])
def test_company_with_and_without_the_cpme_operators(operator, directory_id, cpme):
    case = business(email(date(2026, 1, 5)), operator=operator, directory_id=directory_id)
    a = assess(case, date(2026, 2, 6))  # 5 January + 1 month, from the day after
    assert a.business_mediator.open
    assert a.business_mediator.opens_on == date(2026, 2, 6)
    assert a.letter("saisine_mediateur_entreprises").state is P
    assert step(a, "business_mediator").letter_kinds == ("saisine_mediateur_entreprises",)
    assert ("seize_cpme" in step_ids(a)) is cpme
    assert (a.letter("demande_cpme").state is P) is cpme
    assert a.letter("saisine_mediateur").state is N
    assert "write_service_consommateurs" not in step_ids(a)
    # the case holds a second-level address (typed from the contract): a « recours interne »,
    # never a « service consommateurs »
    internal = a.letter("recours_service_consommateurs")
    assert internal.label == "Recours interne auprès de l'opérateur"
    assert "consommateurs" not in internal.reason


def test_the_business_mediator_waits_a_month_from_a_written_complaint():
    case = business(call(date(2026, 1, 2)), email(date(2026, 1, 5)))
    a = assess(case, date(2026, 2, 5))
    assert not a.business_mediator.open
    late = next(r for r in a.business_mediator.reasons if r.code == "delay_not_elapsed")
    assert late.until == date(2026, 2, 6)
    assert a.letter("saisine_mediateur_entreprises").possible_from == date(2026, 2, 6)


def test_an_unsatisfactory_answer_opens_it_at_once():
    a = assess(business(email(date(2026, 1, 5)), answer(date(2026, 1, 9))), date(2026, 1, 9))
    assert a.business_mediator.open


def test_calls_only_do_not_open_it():
    a = assess(business(call(date(2026, 1, 5))), date(2026, 6, 1))
    assert codes(a.business_mediator) == ["no_failed_attempt"]
    # the call starts the service clients' answer delay (the CPME's « voie classique »), not
    # the Médiateur des entreprises' nor the mise en demeure's
    assert ("L'appel du 5 janvier 2026 fait courir le délai de réponse du service clients ; il "
            "ne fait courir ni le délai du Médiateur des entreprises ni celui de la mise en "
            "demeure") in a.business_mediator.reasons[0].message


def test_already_seized_and_private_subscriber():
    seized = saisine(date(2026, 2, 10), Counterpart.BUSINESS_MEDIATOR)
    a = assess(business(email(date(2026, 1, 5)), seized), date(2026, 2, 11))
    assert a.letter("saisine_mediateur_entreprises").state is S
    assert a.stage.value == "mediator_seized"
    assert "Médiateur des entreprises saisi" in a.stage_reason
    private = assess(make_case(email(date(2026, 1, 5))), date(2026, 3, 1))
    assert codes(private.business_mediator) == ["private_subscriber"]
    assert private.letter("saisine_mediateur_entreprises").state is N


def test_a_private_case_never_reads_the_business_routes_as_sent():
    """A private subscriber's case that records a saisine of the Médiateur des entreprises or
    of the CPME (a mistake, or a body that declined) still reads « non applicable »: those
    routes are not his, whatever was sent."""
    private = assess(make_case(email(date(2026, 1, 5)),
                               saisine(date(2026, 2, 10), Counterpart.BUSINESS_MEDIATOR),
                               saisine(date(2026, 2, 12), Counterpart.CPME)), date(2026, 3, 1))
    for kind in ("saisine_mediateur_entreprises", "demande_cpme"):
        decision = private.letter(kind)
        assert decision.state is N, (kind, decision.reason)
        assert "particulier" in decision.reason


def test_what_its_form_asks_is_listed():
    case = business(email(date(2026, 1, 5)))
    case.subscriber.siren = "123456789"  # a SIREN, the form wants the SIRET
    case.subscriber.email = "contact@boulangerie-lea.fr"
    case.subscriber.phone = "02 31 00 00 00"
    case.operator.siren = ""
    a = assess(case, date(2026, 2, 6))
    assert [i.key for i in a.business_mediator.missing_items] == [
        "subscriber_siret", "operator_siret", "email", "mobile"]
    assert a.business_mediator.open  # gaps to fill in, not a bar
    assert "engagement de confidentialité" in step(a, "business_mediator").note
    assert "semble partagée" in a.letter("saisine_mediateur_entreprises").reason


@pytest.mark.parametrize(("value", "mobile"), [
    ("06 12 34 56 78", True), ("+33 7 12 34 56 78", True), ("0033612345678", True),
    ("02 31 27 90 60", False), ("", False), ("06 12", False), ("😀\x00<b>", False),
])
def test_mobile_numbers(value, mobile):
    assert is_mobile(value) is mobile


@pytest.mark.parametrize(("value", "generic"), [
    ("contact@x.fr", True), ("Info@x.fr", True), ("secretariat@x.fr", True),
    ("lea.martin@x.fr", False), ("", False), ("<b>@&", False),
])
def test_generic_mailboxes(value, generic):
    assert is_generic_email(value) is generic


def test_strict_liability_and_small_business_rights_are_shown():
    case = business(email(date(2026, 1, 5)))
    # billing: in the Médiateur des entreprises' named scope; an outage: the service was not
    # provided, LCEN art. 15 I's ground (review4 N1), for a distance contract (review2 5.2)
    case.natures = [DisputeNature.BILLING, DisputeNature.OUTAGE]
    case.contract.distance = True
    notes = {n.code: n for n in assess(case, date(2026, 2, 6)).business_mediator.notes}
    assert set(notes) == {"provider_strict_liability"}
    assert "Cass., 13 mars 2024" in notes["provider_strict_liability"].message
    case.subscriber.small_business = True
    notes = {n.code: n for n in assess(case, date(2026, 2, 6)).business_mediator.notes}
    small = notes["small_business_extended_rights"]
    assert "liste exacte à vérifier" in small.message
    assert not small.basis.rule.verified
    data = assessment_to_dict(assess(case, date(2026, 2, 6)))
    assert {n["code"] for n in data["routes"]["business_mediator"]["notes"]} == {
        "provider_strict_liability", "small_business_extended_rights"}


def test_no_consumer_framing_in_the_business_mediator_reasons():
    case = business(email(date(2026, 1, 5)), answer(date(2026, 1, 20)))
    a = assess(case, date(2026, 2, 6))
    assert "service_consommateurs_not_seized" not in codes(a.mediator)
    texts = " ".join(r.message for r in a.mediator.reasons + a.business_mediator.reasons)
    assert "consommateurs" not in texts
