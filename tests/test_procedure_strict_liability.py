"""The Médiateur des entreprises' note on the provider's strict liability says what the letters
say (review2 5.2; case model v4, ``Contract.distance``): LCEN art. 15 I makes the provider
liable « de plein droit » for a contract concluded at a distance only. The note cites it for a
distance contract, says what is missing when the case does not say, and does not invoke it for
a contract concluded in a shop or at home. The rule's label (the « Règle : » of its « Pourquoi
? ») states the condition too.

Like the letters (review4 N1), the note is given only when the service itself was not provided
(``dispute.model.SERVICE_NATURES``): a billing-only dispute names no unprovided service, so the
card says nothing of LCEN art. 15 I, whatever the contract's distance.
"""

from __future__ import annotations

from datetime import date

import pytest

from dispute.model import SERVICE_NATURES, DisputeNature
from dispute.procedure import assess, assessment_to_dict, format_assessment_text
from documents.letters.claims import strict_liability
from documents.letters.core import Notes
from procedure_builders import email, make_case

TODAY = date(2026, 2, 6)


def business_case(distance: bool | None):
    case = make_case(email(date(2026, 1, 5)), business=True)
    case.natures = [DisputeNature.OUTAGE]
    case.contract.distance = distance
    return case


def liability_notes(case):
    notes = assess(case, TODAY).business_mediator.notes
    return [n for n in notes if n.basis.rule.id == "provider_strict_liability"]


def test_a_distance_contract_cites_lcen_15_i():
    (note,) = liability_notes(business_case(True))
    assert note.code == "provider_strict_liability"
    assert note.message.startswith("Contrat conclu à distance : l'opérateur est responsable de "
                                   "plein droit de la bonne exécution du contrat (LCEN, art. "
                                   "15 I)")
    assert "Cass., 13 mars 2024" in note.message


def test_an_unknown_contract_says_what_is_missing_and_asserts_nothing():
    (note,) = liability_notes(business_case(None))
    assert note.code == "distance_not_said"
    assert "non précisé" in note.message
    assert "ne vaut que pour un contrat conclu à distance" in note.message
    assert "indiquez-le dans le contrat du dossier" in note.message
    assert "est responsable de plein droit" not in note.message


def test_a_contract_made_in_a_shop_does_not_invoke_it():
    (note,) = liability_notes(business_case(False))
    assert note.code == "not_a_distance_contract"
    assert "n'est pas invoquée" in note.message
    assert "est responsable de plein droit" not in note.message


@pytest.mark.parametrize("distance", [True, False, None])
def test_the_rule_s_label_states_the_condition(distance):
    (note,) = liability_notes(business_case(distance))
    assert "contrat conclu à distance (LCEN, art. 15 I)" in note.basis.rule.label


@pytest.mark.parametrize(("distance", "code"), [
    (True, "provider_strict_liability"), (None, "distance_not_said"),
    (False, "not_a_distance_contract"),
])
def test_the_outputs_carry_the_same_note(distance, code):
    a = assess(business_case(distance), TODAY)
    notes = assessment_to_dict(a)["routes"]["business_mediator"]["notes"]
    assert code in {n["code"] for n in notes}
    text = format_assessment_text(a)
    if distance is True:
        assert "l'opérateur est responsable de plein droit" in text
    else:
        assert "l'opérateur est responsable de plein droit" not in text


def test_a_private_subscriber_gets_no_such_note():
    case = business_case(True)
    case.subscriber.kind = type(case.subscriber.kind)("private")
    assert assess(case, TODAY).business_mediator.notes == ()


LIABILITY_CODES = {"provider_strict_liability", "distance_not_said", "not_a_distance_contract"}


@pytest.mark.parametrize("distance", [True, False, None])
def test_a_billing_only_dispute_gets_no_strict_liability_note(distance):
    """review4 N1: a business's billing dispute names no unprovided service; the letters cite
    nothing of LCEN art. 15 I for it, nor does the card (not even « non précisé »)."""
    case = business_case(distance)
    case.natures = [DisputeNature.BILLING]
    a = assess(case, TODAY)
    assert liability_notes(case) == []
    assert not {n.code for n in a.business_mediator.notes} & LIABILITY_CODES
    notes = assessment_to_dict(a)["routes"]["business_mediator"]["notes"]
    assert not {n["code"] for n in notes} & LIABILITY_CODES
    assert "LCEN" not in format_assessment_text(a)


def test_billing_with_an_outage_keeps_the_note():
    case = business_case(True)
    case.natures = [DisputeNature.BILLING, DisputeNature.OUTAGE]
    (note,) = liability_notes(case)
    assert note.code == "provider_strict_liability"


def test_no_nature_said_gets_no_note():
    case = business_case(None)
    case.natures = []
    assert liability_notes(case) == []


@pytest.mark.parametrize("nature", list(DisputeNature))
@pytest.mark.parametrize("distance", [True, False, None])
def test_the_card_and_the_letters_follow_one_condition(nature, distance):
    """For each nature alone, the card gives a strict-liability note exactly when the
    letters' business reminder (``claims.strict_liability``) says something about it."""
    case = business_case(distance)
    case.natures = [nature]
    letter = strict_liability(case, Notes())
    assert bool(liability_notes(case)) is bool(letter) is (nature in SERVICE_NATURES)


def test_the_service_natures_are_those_of_an_unprovided_service():
    assert SERVICE_NATURES == {
        DisputeNature.OUTAGE, DisputeNature.LINE_OVERWRITTEN, DisputeNature.MISSING_SERVICE,
        DisputeNature.TRANSFER_ON_MOVE, DisputeNature.PORTABILITY}
