"""The second practitioner reading (/work/coord/review2-letters.md, helper review2): each
BLOQUANT and À CORRIGER it lists is a test quoting the text the reviewer refused."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal

import pytest

from dispute.model import (
    BusinessForm,
    Civility,
    Counterpart,
    CreditKind,
    DisputeNature,
    HandlingStructure,
    PostalAddress,
    StructureKind,
)
from documents.letter_settings import LetterSettings
from documents.letters import LetterKind
from documents.text import plain
from tests.letter_matrix import _business, _private
from tests.test_review_third_party_letters import compose, refused_opinion, text

STRUCTURE_SIGNS = LetterSettings(structure_signs=True)

UFC = HandlingStructure(
    name="UFC-Que Choisir de l'Orne", contact_name="Bernard Lemoine",
    contact_role="Juriste bénévole",
    address=PostalAddress(["5 rue du Château"], "61000", "Alençon"),
    email="b.lemoine@ufc-orne.example", phone="02 99 00 11 22",
    kind=StructureKind.CONSUMER_ASSOCIATION, identifier="W611000000",
    member_number="UFC-61-2044", member_since=date(2026, 2, 10))


def couple_ufc():
    case = _private(Civility.COUPLE, "Claire et Paul Fontaine", False)
    case.handling_structure = copy.deepcopy(UFC)
    return case


# -- 18.1 « relative à le transfert », « obligation … de exécuter » ------------------------


@pytest.mark.parametrize("kind", [LetterKind.SERVICE_CLIENTS, LetterKind.SERVICE_CONSOMMATEURS,
                                  LetterKind.REMINDER])
def test_18_1_relative_au_transfert(kind) -> None:
    case = _private(Civility.MRS, "Claire Fontaine", False)
    case.natures = [DisputeNature.TRANSFER_ON_MOVE]
    letter = plain(text(kind, case))
    assert "à le " not in letter and "relative au transfert de la ligne" in letter


def test_18_1_no_obligation_to_execute_the_contract() -> None:
    case = _private(Civility.MRS, "Claire Fontaine", False)
    case.natures = [DisputeNature.OTHER]
    notice = plain(text(LetterKind.FORMAL_NOTICE, case))
    assert "de exécuter" not in notice
    assert "Vous n'avez pas exécuté le contrat conformément à ses stipulations" in notice
    request = plain(text(LetterKind.COURT_REQUEST, refused_opinion_with([DisputeNature.OTHER])))
    assert "L'opérateur n'a pas exécuté le contrat conformément à ses stipulations." in request
    case.natures = [DisputeNature.OUTAGE, DisputeNature.OTHER, DisputeNature.TERMINATION]
    notice = plain(text(LetterKind.FORMAL_NOTICE, case))
    assert ("votre obligation contractuelle de fournir le service prévu au contrat et de "
            "prendre en compte la résiliation demandée, du 2 mars") in notice


def refused_opinion_with(natures):
    case = refused_opinion()
    case.natures = natures
    return case


# -- 5.3 (suggestion taken) « notamment » ----------------------------------------------------


def test_5_3_no_notamment() -> None:
    notice = plain(text(LetterKind.FORMAL_NOTICE, _private(Civility.MRS, "Claire Fontaine",
                                                           False)))
    assert "notamment" not in notice
    assert "prévu au contrat, du 2 mars au 21 avril 2026 (51 jours)." in notice


# -- 6.1 CPME: « notre structure … de la structure elle-même … elle est » --------------------


def test_6_1_the_cpme_request_speaks_as_we() -> None:
    letter = plain(text(LetterKind.CPME, _business(BusinessForm.COMPANY)))
    assert "de la structure elle-même" not in letter
    assert ("Conformément à vos consignes, nous centralisons les litiges télécoms de notre "
            "structure et de nos entreprises adhérentes, et sommes votre seul interlocuteur "
            "pour ce dossier.") in letter


# -- 7.1, 7.2 DGCCRF ------------------------------------------------------------------------


def test_7_1_the_verb_agrees_with_a_couple() -> None:
    letter = plain(text(LetterKind.DGCCRF, couple_ufc(), settings=STRUCTURE_SIGNS))
    assert "que rencontre nos adhérents" not in letter
    assert "les difficultés que rencontrent nos adhérents" in letter


def test_7_2_one_disputed_amount_then_what_remains() -> None:
    letter = plain(text(LetterKind.DGCCRF, _private(Civility.MRS, "Claire Fontaine", False)))
    assert "s'élève à 45,02 € :" not in letter
    assert ("Le montant contesté est de 55,02 € ; déduction faite du geste commercial de "
            "10,00 € accordé le 15 juin 2026, il reste 45,02 € en litige.") in letter
    company = _business(BusinessForm.COMPANY)
    company.credits[0].deducted = True
    letter = plain(text(LetterKind.DGCCRF, company))
    assert ("Le montant contesté est de 151,36 € HT (181,63 € TTC) ; déduction faite de "
            "l'avoir de 15,00 € HT accordé le 30 avril 2026") in letter
    assert "il reste 136,36 € HT (163,63 € TTC) en litige." in letter


# -- 10.1, 10.2 mandate ---------------------------------------------------------------------


def test_10_1_no_a_verifier_in_the_signed_act() -> None:
    composed = compose(LetterKind.MANDATE, couple_ufc())
    letter = plain(text(LetterKind.MANDATE, couple_ufc()))
    assert "à vérifier" not in letter and "(Code civil, art. 1984)." in letter
    assert any("1987" in w and "1988" in w and "à vérifier" in w for w in composed.warnings)


def test_10_2_the_structure_is_representee() -> None:
    letter = plain(text(LetterKind.MANDATE, couple_ufc()))
    assert "représenté pour" not in letter
    assert "représentée pour ce dossier par Bernard Lemoine" in letter
    cpme = plain(text(LetterKind.MANDATE, _business(BusinessForm.COMPANY)))
    assert "la CPME" in cpme and "représentée pour ce dossier par" in cpme


# -- 3.1, 3.2, 3.3, 14.1 the court request --------------------------------------------------


def test_3_1_the_principal_is_one_sum() -> None:
    case = _private(Civility.MRS, "Claire Fontaine", False)
    sheet = plain(text(LetterKind.COURT_REQUEST, case))
    assert "Montant total demandé en principal : 45,02 €." in sheet
    assert ("Ce montant correspond à 55,02 € contestés, moins le geste commercial de 10,00 € "
            "accordé le 15 juin 2026.") in sheet
    assert "45,02 € : 55,02 €" not in sheet.split("Montant total")[1]


def test_14_1_a_business_claims_one_ttc_sum_and_no_avoir() -> None:
    company = _business(BusinessForm.COMPANY)
    company.credits[0].deducted = True
    sheet = plain(text(LetterKind.COURT_REQUEST, company))
    assert "Montant total demandé en principal : 163,63 € TTC." in sheet
    assert ("Ce montant correspond à 136,36 € HT : 151,36 € HT (181,63 € TTC) contestés, "
            "moins l'avoir de 15,00 € HT accordé le 30 avril 2026") in sheet
    assert "par virement ou par avoir" not in sheet


def test_3_2_the_mediator_s_opinion_without_an_exhibit_is_asked_for() -> None:
    case = refused_opinion()
    for ev in case.events:
        if ev.counterpart is Counterpart.MEDIATOR:
            ev.exhibit_ids = []
    warnings = compose(LetterKind.COURT_REQUEST, case).warnings
    assert any("Joignez l'avis du médiateur du 25 juillet 2026" in w for w in warnings)
    assert any("preuve de la saisine du 2 mai 2026" in w for w in warnings)
    warnings = compose(LetterKind.COURT_REQUEST, refused_opinion()).warnings  # attached
    assert not any("Joignez l'avis" in w for w in warnings)


@pytest.mark.parametrize("kind", [LetterKind.COURT_REQUEST, LetterKind.PROCUREUR])
def test_3_3_no_dossier_suivi_par_on_an_act(kind) -> None:
    case = refused_opinion()
    case.handling_structure = copy.deepcopy(UFC)
    assert compose(kind, case).letter.followed_by == ""
    conciliateur = compose(LetterKind.CONCILIATEUR, case).letter
    assert "UFC-Que Choisir de l'Orne" in conciliateur.followed_by


# -- Grammalecte over what the matrix did not cover (18.1, 7.1) -----------------------------


def test_every_nature_and_a_couple_the_structure_signs_for_pass_grammalecte() -> None:
    """The matrix of tests/test_letters_grammar.py has no « transfert », « autre » nor a
    couple for whom a structure signs: the review found « relative à le transfert », « de
    exécuter » and « que rencontre nos adhérents » there."""
    from documents.letters import SPECS
    from tests.grammar import check_texts, unavailable_reason
    from tests.test_letters_grammar import MISSING_ELISION, _accepted, _elision_accepted, \
        letter_text

    if unavailable_reason() is not None:
        pytest.skip(unavailable_reason())
    texts = []
    for nature in DisputeNature:
        case = _private(Civility.MRS, "Claire Fontaine", False)
        case.natures = [nature]
        for kind in SPECS:
            texts.append(letter_text(compose(kind, case).letter))
    for kind in SPECS:
        texts.append(letter_text(compose(kind, couple_ufc(), settings=STRUCTURE_SIGNS).letter))
    errors = [(e.found, e.context) for found in check_texts(texts) for e in found
              if not _accepted(e)]
    assert not errors, errors
    elisions = [m.group(0) for t in texts for m in MISSING_ELISION.finditer(t)
                if not _elision_accepted(m.group(0))]
    assert not elisions, elisions
