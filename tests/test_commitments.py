"""The certified business commitments: exact wording of seeds/004, lookups, bad files."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from dispute.commitments import (
    CommitmentsError,
    get_commitment,
    load_commitments,
    normalize_number,
    parse_commitments,
    read_commitments,
)

SEED = Path("/work/shared/seeds/004_30d7639af28b6faf.txt")
SOURCE = "seeds/004_30d7639af28b6faf.txt"


def seed_commitments() -> dict[str, str]:
    """Number → wording, read from the seed file (the test's ground truth)."""
    found = {}
    for line in SEED.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^(?:- )?(\d+(?:\.\d+)+)\.? (.+)$", line)
        if match and not re.match(r"^\d\.\d\.? ?/|^\d\.\d - ", line):
            found[match.group(1)] = match.group(2)
    return found


needs_seed = pytest.mark.skipif(not SEED.exists(), reason="seeds/004 not available here")


def test_the_list_is_sourced_and_carries_the_scheme_note():
    commitments = load_commitments()
    assert commitments.source == SOURCE
    assert commitments.verified_on == date(2026, 11, 22)
    assert commitments.status == "vérifié"
    assert "engagements certifiés" in commitments.scheme_note
    assert "n'est identifié dans aucune source" in commitments.scheme_note


@pytest.mark.parametrize(
    ("number", "text"),
    [
        ("6.4", "L'outil extranet vous permet de réaliser, sur votre contrat, un ensemble "
                "d'actes de gestion en ligne qui sont tracés et pris en compte au maximum à J+1"),
        ("8.1", "Vous bénéficiez d'une facture explicite, conforme au contrat et à vos "
                "consommations, que l'Opérateur dépose en poste dans un délai de 4 jours ouvrés "
                "à compter de la date de facturation"),
        ("9.3", "En cas de perte ou de vol de votre terminal mobile, vous pouvez suspendre "
                "et/ou remettre votre ligne en service immédiatement"),
        ("2.1", "Vous bénéficiez d'un interlocuteur commercial dédié et formé"),
    ],
)
def test_known_wordings(number, text):
    assert get_commitment(number).text == text


@needs_seed
@pytest.mark.parametrize("number", ["6.4", "8.1", "9.3", "5.1.1", "5.3.1", "6.1", "3.1"])
def test_wording_equals_the_seed(number):
    assert get_commitment(number).text == seed_commitments()[number]


@needs_seed
def test_every_commitment_of_the_seed_and_only_those():
    expected = seed_commitments()
    commitments = load_commitments()
    assert {c.number: c.text for c in commitments} == expected
    assert commitments.numbers() == tuple(expected)  # same order as the source


def test_lookup_tolerates_the_published_forms():
    assert get_commitment("5.1.1.").number == "5.1.1"
    assert get_commitment(" 5.1.1 ").number_as_published == "5.1.1."
    assert get_commitment("n° 8.1").number == "8.1"
    assert get_commitment("7.1") is None
    commitments = load_commitments()
    assert "9.3" in commitments and "1.1" not in commitments
    with pytest.raises(KeyError):
        commitments["1.1"]
    assert commitments["5.2.1"].section == "5.2"
    assert commitments.section("5.4").title == "Les Utilisateurs Finaux Entreprises Mobile"


def test_citation():
    assert get_commitment("9.3").citation() == (
        "engagement certifié n° 9.3 : « En cas de perte ou de vol de votre terminal mobile, "
        "vous pouvez suspendre et/ou remettre votre ligne en service immédiatement »")


@pytest.mark.parametrize(("raw", "norm"), [("8.1", "8.1"), ("5.1.1.", "5.1.1"),
                                           ("Engagement n° 6.4", "6.4"), ("", "")])
def test_normalize_number(raw, norm):
    assert normalize_number(raw) == norm


@pytest.mark.parametrize(
    ("mutate", "words"),
    [
        (lambda d: d.update(format=2), "$.format"),
        (lambda d: d.update(commitments=[]), "$.commitments"),
        (lambda d: d["commitments"].append(dict(d["commitments"][0])), "en double"),
        (lambda d: d["commitments"][0].update(text=""), "$.commitments[0].text"),
        (lambda d: d.update(verified_on="22/11/2026"), "AAAA-MM-JJ"),
    ],
)
def test_bad_files_raise_in_french(tmp_path, mutate, words):
    from dispute.assets import asset_path

    data = json.loads(asset_path("commitments.json").read_text(encoding="utf-8"))
    mutate(data)
    with pytest.raises(CommitmentsError) as info:
        parse_commitments(data)
    assert words in str(info.value)
    path = tmp_path / "c.json"
    path.write_text("{", encoding="utf-8")
    with pytest.raises(CommitmentsError, match="JSON invalide"):
        read_commitments(path)
    with pytest.raises(CommitmentsError, match="introuvable"):
        read_commitments(tmp_path / "absent.json")
