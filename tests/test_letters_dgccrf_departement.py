"""The DGCCRF report goes to the DDPP / DDETSPP of the département of the operator's siège:
the recipient names that département (« Hauts-de-Seine (92) », not « Département 92 »), from
``dispute.departements`` (Corsica 2A / 2B, overseas 971 to 976); an unknown postcode is a
visible « [à compléter] »; the DDPP's address is never invented."""

from __future__ import annotations

import pytest

from dispute.departements import departement, departement_name, departement_phrase
from dispute.model import BusinessForm, PostalAddress
from dispute.procedure import assess
from documents.letter_settings import LetterSettings
from documents.letters import LetterKind, compose_letter
from documents.letters.core import ADDRESS_PLACEHOLDER, TO_FILL
from tests.letter_matrix import DAY, _business


@pytest.mark.parametrize(("postcode", "name", "phrase"), [
    ("92130", "Hauts-de-Seine", "des Hauts-de-Seine"),
    ("75116", "Paris", "de Paris"),
    ("14000", "Calvados", "du Calvados"),
    ("61000", "Orne", "de l'Orne"),
    ("33000", "Gironde", "de la Gironde"),
    ("01000", "Ain", "de l'Ain"),
    ("20000", "Corse-du-Sud", "de la Corse-du-Sud"),
    ("20200", "Haute-Corse", "de la Haute-Corse"),
    ("97100", "Guadeloupe", "de la Guadeloupe"),
    ("97400", "La Réunion", "de La Réunion"),
    ("97600", "Mayotte", "de Mayotte"),
    ("90000", "Territoire de Belfort", "du Territoire de Belfort"),
])
def test_names_from_the_postcode(postcode, name, phrase):
    code = departement(postcode)
    assert departement_name(code) == name
    assert departement_phrase(code) == phrase


def test_every_metropolitan_and_overseas_departement_has_a_name():
    codes = [f"{n:02d}" for n in range(1, 96) if n != 20] + ["2A", "2B"] + [
        str(n) for n in range(971, 977)]
    assert all(departement_name(c) for c in codes)
    # 101 départements and Saint-Pierre-et-Miquelon (975, numbered with them by INSEE)
    assert len(set(map(departement_name, codes))) == len(codes) == 102
    for unknown in ("", "20", "99", "977", "98", "00"):
        assert departement_name(unknown) == ""


def _dgccrf(head_office: PostalAddress):
    case = _business(BusinessForm.COMPANY)
    case.operator.head_office_address = head_office
    return compose_letter(LetterKind.DGCCRF, case, assess(case, DAY), LetterSettings(), DAY)


def _siege(postcode: str, city: str) -> PostalAddress:
    return PostalAddress(street_lines=["1 rue du Siège"], postcode=postcode, city=city)


def test_the_recipient_names_the_departement():
    composed = _dgccrf(_siege("92130", "ISSY-LES-MOULINEAUX"))
    assert composed.letter.recipient == ("DDPP ou DDETSPP", "Hauts-de-Seine (92)",
                                         ADDRESS_PLACEHOLDER)
    assert any("celle du département des Hauts-de-Seine (92)" in w for w in composed.warnings)
    corsica = _dgccrf(_siege("20090", "AJACCIO")).letter.recipient
    assert corsica[1] == "Corse-du-Sud (2A)"
    assert _dgccrf(_siege("20600", "BASTIA")).letter.recipient[1] == "Haute-Corse (2B)"


def test_overseas_names_the_departement_and_says_the_service_may_be_named_otherwise():
    composed = _dgccrf(_siege("97490", "SAINTE-CLOTILDE"))
    assert composed.letter.recipient[1] == "La Réunion (974)"
    assert any("outre-mer" in w for w in composed.warnings)


@pytest.mark.parametrize("postcode", ["", "ABCDE", "20900", "97700"])
def test_an_unknown_departement_is_a_visible_placeholder(postcode):
    composed = _dgccrf(_siege(postcode, "VILLE"))
    recipient = composed.letter.recipient
    assert recipient[1] == f"Département : {TO_FILL}"
    assert recipient[-1] == ADDRESS_PLACEHOLDER
    assert any("DDPP" in w and "à compléter" in w for w in composed.warnings)
