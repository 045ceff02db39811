"""The directory: provenance of every entry and address, lookups, override file, case filling."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import pytest

from dispute import assets
from dispute.assets import AssetPathError, asset_path, asset_root
from dispute.directory import (
    BODY_IDS,
    DIRECTORY_FILE,
    MEDIATOR_MCE,
    OPERATOR_IDS,
    Body,
    ContactKind,
    Directory,
    DirectoryError,
    Operator,
    Status,
    fill_operator_ref,
    load_directory,
    normalize_name,
    operator_ref,
    parse_directory,
    to_postal_address,
)
from dispute.model import Case, Line, LineKind, OperatorRef, PostalAddress
from dispute.validation import validate_postal_address

ROOT = Path(__file__).resolve().parent.parent
CHECKED = date(2026, 11, 22)
LEGAL_CHECKED = date(2026, 12, 2)  # the review against LEGAL-2026-12.md (head offices, SIREN)


@pytest.fixture(scope="module")
def directory() -> Directory:
    return load_directory()


def shipped_json() -> dict:
    return json.loads(asset_path(DIRECTORY_FILE).read_text(encoding="utf-8"))


def all_addresses(directory: Directory):
    for op in directory.operators:
        for kind in ("service_clients", "service_consommateurs"):
            for address in getattr(op, kind):
                yield f"{op.id}.{kind}.{address.id}", address
        if op.head_office is not None:
            yield f"{op.id}.head_office", op.head_office
    for body in directory.bodies:
        for address in body.addresses + body.obsolete_addresses:
            yield f"{body.id}.{address.id}", address


def all_provenances(directory: Directory):
    for op in directory.operators:
        yield op.id, op.provenance
        yield f"{op.id}.cpme", op.cpme_eligible_provenance
        yield f"{op.id}.mediator", op.mediator_provenance
        if op.siren_provenance is not None:
            yield f"{op.id}.siren", op.siren_provenance
    for body in directory.bodies:
        yield body.id, body.provenance
        for contact in body.contacts:
            yield f"{body.id}.{contact.kind}", contact.provenance


# --------------------------------------------------------------------------------------------
# assets


def test_asset_path_points_to_the_repository_assets():
    assert asset_root() == ROOT / "assets"
    assert asset_path("directory.json") == ROOT / "assets" / "directory.json"
    assert asset_path("a", "b/c.txt") == ROOT / "assets" / "a" / "b" / "c.txt"


def test_asset_path_in_a_frozen_build(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert assets.asset_path("directory.json") == tmp_path.resolve() / "assets" / "directory.json"


@pytest.mark.parametrize("bad", ["../pyproject.toml", "a/../../x", "/etc/passwd"])
def test_asset_path_refuses_to_leave_assets(bad):
    with pytest.raises(AssetPathError):
        asset_path(bad)


# --------------------------------------------------------------------------------------------
# Content and provenance


def test_expected_ids(directory):
    assert {o.id for o in directory.operators} == set(OPERATOR_IDS)
    assert {b.id for b in directory.bodies} == set(BODY_IDS)


def test_every_entry_and_fact_has_a_source_date_and_status(directory):
    for where, prov in all_provenances(directory):
        assert prov.source and prov.source.strip(), where
        assert prov.status in (Status.VERIFIED, Status.TO_CHECK), where
        if prov.status is Status.VERIFIED:
            assert prov.verified_on in (CHECKED, LEGAL_CHECKED), where
        else:
            assert prov.verified_on is None, where


def test_no_address_without_a_source(directory):
    for where, address in all_addresses(directory):
        if address.is_empty():
            assert address.provenance.status is Status.TO_CHECK, where
            assert address.provenance.verified_on is None, where
        else:
            assert address.provenance.source, where
            assert address.published_as, where
        if address.provenance.is_verified:
            assert address.provenance.verified_on in (CHECKED, LEGAL_CHECKED), where


def test_every_address_in_the_raw_json_has_the_provenance_keys():
    data = shipped_json()
    entries = data["operators"] + data["bodies"]
    for entry in entries:
        for key in ("source", "verified_on", "status"):
            assert key in entry, (entry["id"], key)
        for group in ("service_clients", "service_consommateurs", "addresses",
                      "obsolete_addresses"):
            for address in entry.get(group, []):
                for key in ("source", "verified_on", "status"):
                    assert key in address, (entry["id"], group, key)


def test_only_the_sourced_addresses_are_filled(directory):
    filled = {where for where, a in all_addresses(directory) if not a.is_empty()}
    assert filled == {
        "orange.service_clients.internet_adsl",
        "orange.service_clients.fibre",
        "orange.service_clients.mobile",
        "bouygues.service_clients.default",
        "bouygues.service_consommateurs.default",
        "mediateur_ce.postal",
        "mediateur_ce.paris_bp999",
        "orange.head_office",  # LEGAL-2026-12.md § 1.1 (B)
        "sosh.head_office",  # a brand of Orange SA
        "bouygues.head_office",  # RCS deed of 28/12/2021 (A/B)
    }
    for op_id in ("sfr", "red", "free", "free_mobile", "sosh"):
        for address in directory.operator(op_id).addresses():  # the services, not the siège
            assert address.is_empty()
            assert address.provenance.status is Status.TO_CHECK
    assert directory.operator("orange").service_consommateurs[0].is_empty()


def test_bouygues_addresses_match_the_source(directory):
    bouygues = directory.operator("bouygues")
    clients = bouygues.service_clients[0]
    conso = bouygues.service_consommateurs[0]
    assert clients.lines(bouygues.name) == [
        "Bouygues Télécom", "Service Clients", "TSA 59013", "60643 CHANTILLY CEDEX"]
    assert conso.lines(bouygues.name) == [
        "Bouygues Télécom", "Service Consommateurs", "TSA 59013", "60643 CHANTILLY CEDEX"]
    assert clients.provenance.status is Status.VERIFIED
    assert "nos modes de contacts" in clients.provenance.source


def test_orange_addresses_are_to_check(directory):
    orange = directory.operator("orange")
    by_id = {a.id: a for a in orange.service_clients}
    assert (by_id["internet_adsl"].postcode, by_id["internet_adsl"].city,
            by_id["internet_adsl"].street_lines[-1]) == ("59878", "LILLE CEDEX 9", "TSA 10018")
    assert by_id["fibre"].street_lines[-1] == "TSA 90017"
    assert (by_id["mobile"].postcode, by_id["mobile"].city) == ("33732", "BORDEAUX CEDEX 9")
    for address in orange.service_clients:
        assert address.provenance.status is Status.TO_CHECK
        assert address.provenance.verified_on is None
        assert "livebox-news" in address.provenance.source


def test_head_offices_of_orange_and_bouygues_from_the_sourced_table(directory):
    orange = directory.operator("orange").head_office
    assert orange.lines("Orange") == ["Orange", "111 quai du Président Roosevelt",
                                      "92130 ISSY-LES-MOULINEAUX"]
    assert orange.provenance.is_verified and "20 avril 2022" in orange.provenance.source
    bouygues = directory.operator("bouygues")
    assert bouygues.head_office.lines(bouygues.name) == [
        "Bouygues Télécom", "37-39 rue Boissière", "75116 PARIS"]
    assert bouygues.siren == "397480930" and bouygues.siren_provenance.is_verified
    # SFR: a third-party source without a postcode: left empty, « à vérifier », never copied
    sfr = directory.operator("sfr")
    assert sfr.head_office.is_empty() and not sfr.head_office.provenance.is_verified
    assert "Général-Alain-de-Boissieu" in sfr.head_office.published_as
    assert "code postal" in sfr.head_office.published_as
    assert not sfr.siren_provenance.is_verified
    for op_id in ("free", "free_mobile"):
        assert directory.operator(op_id).head_office.is_empty()


def test_fill_operator_ref_copies_the_verified_head_office_and_siren_only(directory):
    case = Case()
    fill_operator_ref(case, directory.operator("bouygues"))
    assert case.operator.siren == "397480930"
    assert case.operator.head_office_address.postcode == "75116"
    case = Case()
    fill_operator_ref(case, directory.operator("sfr"))
    assert case.operator.siren == "" and case.operator.head_office_address.is_empty()


def test_a_bad_siren_is_refused_with_its_path(tmp_path):
    data = shipped_json()
    data["operators"][0]["siren"] = "12345"
    path = tmp_path / "annuaire.json"
    path.write_text(json.dumps({"operators": [data["operators"][0]]}), encoding="utf-8")
    with pytest.raises(DirectoryError) as info:
        load_directory(path)
    assert info.value.path.endswith(".siren")


def test_the_mediator_is_named_without_a_persons_name():
    raw = json.dumps(shipped_json()["bodies"], ensure_ascii=False)
    for word in ("Médiatrice", "médiatrice", "Alvarez", "Madame", "Monsieur", "Mme ", "M. "):
        assert word not in raw, word


def test_mediator_current_address_is_gentilly_not_the_old_one(directory):
    mediator = directory.body("mediateur_ce")
    current = mediator.current_address()
    block = current.lines()
    assert block == ["Le Médiateur des communications", "électroniques", "CS 30342",
                     "94257 GENTILLY CEDEX"]
    assert current.provenance.status is Status.VERIFIED
    assert "seeds/003" in current.provenance.source
    for address in mediator.addresses:
        text = " ".join(address.lines())
        assert "BP 999" not in text and "75829" not in text
    (old,) = mediator.obsolete_addresses
    assert old.obsolete and old.street_lines == ("BP 999",) and old.postcode == "75829"
    assert "seeds/001" in old.provenance.source
    assert "ne pas l'utiliser" in old.provenance.note
    website = mediator.contact(ContactKind.WEBSITE)
    assert website.value == "mediation-telecom.org"


def test_the_old_mediator_address_appears_nowhere_else():
    data = shipped_json()
    for body in data["bodies"]:
        for address in body["addresses"]:
            assert "BP 999" not in json.dumps(address, ensure_ascii=False)
    for op in data["operators"]:
        assert "BP 999" not in json.dumps(op, ensure_ascii=False)


def test_cpme_contact_without_any_phone(directory):
    cpme = directory.body("cpme")
    assert cpme.contact(ContactKind.EMAIL).value == "dborne@cpme.fr"
    assert cpme.contact(ContactKind.PERSON).value == "Delphine Borne"
    assert cpme.contact(ContactKind.PHONE) is None
    assert all("seeds/000" in c.provenance.source for c in cpme.contacts)
    # the number of the seeds/001 sheet is not attributed to the CPME
    assert not any("02 31 27 90 60" in c.value for c in cpme.contacts)


def test_dgccrf_has_signalconso_and_no_invented_address(directory):
    dgccrf = directory.body("dgccrf")
    assert dgccrf.contact(ContactKind.WEBSITE).value == "signal.conso.gouv.fr"
    assert dgccrf.current_address() is None
    assert all(a.is_empty() for a in dgccrf.addresses)
    assert "DDPP" in dgccrf.note and "DDETSPP" in dgccrf.note


def test_cpme_eligibility_is_exactly_orange_sfr_bouygues(directory):
    assert directory.cpme_eligible_ids() == {"orange", "sfr", "bouygues"}
    for op in directory.operators:
        assert "seeds/000" in op.cpme_eligible_provenance.source
        assert op.cpme_eligible_provenance.status is Status.VERIFIED


def test_mediator_membership_is_never_claimed_as_verified(directory):
    for op in directory.operators:
        assert op.mediator == MEDIATOR_MCE
        assert op.mediator_provenance.status is Status.TO_CHECK
        assert op.mediator_provenance.verified_on is None


def test_shipped_addresses_fit_nf_z10_011(directory):
    for where, address in all_addresses(directory):
        if address.is_empty():
            continue
        recipient = address.recipient or "Bouygues Télécom"
        issues = validate_postal_address(to_postal_address(address), recipient, where)
        assert issues == [], (where, issues)


# --------------------------------------------------------------------------------------------
# Lookups


@pytest.mark.parametrize(
    ("name", "entry_id"),
    [
        ("Bouygues Telecom", "bouygues"),
        ("bouygues télécom", "bouygues"),
        ("  BOUYGUES-TÉLÉCOM ", "bouygues"),
        ("Bouygues", "bouygues"),
        ("bouygues", "bouygues"),
        ("ORANGE", "orange"),
        ("sfr", "sfr"),
        ("S.F.R.", "sfr"),
        ("Red by SFR", "red"),
        ("RED", "red"),
        ("free", "free"),
        ("Free Mobile", "free_mobile"),
        ("free_mobile", "free_mobile"),
        ("Sosh", "sosh"),
        ("médiateur des communications électroniques", "mediateur_ce"),
        ("AMCE", "mediateur_ce"),
        ("cpme", "cpme"),
        ("SignalConso", "dgccrf"),
    ],
)
def test_find_by_normalised_name(directory, name, entry_id):
    assert directory.find(name).id == entry_id


def test_find_operator_only_returns_operators(directory):
    assert directory.find_operator("Bouygues Télécom").id == "bouygues"
    assert directory.find_operator("CPME") is None
    assert directory.find_operator("Opérateur inconnu") is None
    assert directory.find("") is None


def test_lookup_by_id(directory):
    assert isinstance(directory.operator("orange"), Operator)
    assert isinstance(directory.body("cpme"), Body)
    assert directory.entry("dgccrf").id == "dgccrf"
    assert directory.operator("cpme") is None


@pytest.mark.parametrize(
    ("a", "b"),
    [("Bouygues Télécom", "bouygues telecom"), ("Électroniques", "electroniques"),
     ("Free  Mobile", "free-mobile"), ("Œuvre", "oeuvre".replace("oe", "œ"))],
)
def test_normalize_name(a, b):
    assert normalize_name(a) == normalize_name(b)


# --------------------------------------------------------------------------------------------
# Filling the case


def test_to_postal_address(directory):
    address = to_postal_address(directory.operator("bouygues").service_consommateurs[0])
    assert address == PostalAddress(street_lines=["Service Consommateurs", "TSA 59013"],
                                    postcode="60643", city="CHANTILLY CEDEX")


def test_fill_operator_ref_for_bouygues(directory):
    case = Case()
    notes = fill_operator_ref(case, directory.operator("bouygues"))
    assert notes == ()
    assert case.operator.directory_id == "bouygues"
    assert case.operator.name == "Bouygues Télécom"
    assert case.operator.service_clients_address.lines(case.operator.name)[-1] == \
        "60643 CHANTILLY CEDEX"
    assert case.operator.service_consommateurs_address.street_lines[0] == \
        "Service Consommateurs"


def test_fill_operator_ref_picks_orange_mobile_address_from_the_line_kind(directory):
    case = Case(lines=[Line(number="0612345678", kind=LineKind.MOBILE)])
    notes = fill_operator_ref(case, directory.operator("orange"))
    assert case.operator.service_clients_address.postcode == "33732"
    assert any("à vérifier" in n for n in notes)
    assert any("service consommateurs d'Orange inconnue" in n for n in notes)


def test_fill_operator_ref_leaves_ambiguous_orange_address_empty(directory):
    case = Case(lines=[Line(number="0231000000", kind=LineKind.FIXED)])
    notes = fill_operator_ref(case, directory.operator("orange"))
    assert case.operator.service_clients_address.is_empty()
    assert any("Plusieurs adresses possibles" in n for n in notes)
    fill_operator_ref(case, directory.operator("orange"), service_clients_id="fibre")
    assert case.operator.service_clients_address.street_lines == ["Service Clients", "TSA 90017"]
    with pytest.raises(DirectoryError):
        operator_ref(directory.operator("orange"), service_clients_id="fax")


def test_fill_operator_ref_keeps_addresses_the_user_typed(directory):
    case = Case()
    typed = PostalAddress(street_lines=["Service Consommateurs SFR"], postcode="75008",
                          city="PARIS")
    case.operator = OperatorRef(directory_id="sfr", name="SFR",
                                service_consommateurs_address=typed)
    notes = fill_operator_ref(case, directory.operator("sfr"))
    assert case.operator.service_consommateurs_address == typed
    assert len(notes) == 2  # both addresses unknown to the directory
    other = Case()
    other.operator = OperatorRef(directory_id="free", name="Free",
                                 service_consommateurs_address=typed)
    fill_operator_ref(other, directory.operator("sfr"))
    assert other.operator.service_consommateurs_address.is_empty()


def test_ref_addresses_are_independent_copies(directory):
    a, b = Case(), Case()
    fill_operator_ref(a, directory.operator("bouygues"))
    fill_operator_ref(b, directory.operator("bouygues"))
    a.operator.service_clients_address.street_lines.append("X")
    assert "X" not in b.operator.service_clients_address.street_lines
    assert "X" not in directory.operator("bouygues").service_clients[0].street_lines


# --------------------------------------------------------------------------------------------
# User override file


def write(path: Path, data) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


SFR_CONSO = {
    "id": "default", "label": "Service consommateurs", "street_lines": ["Service Consommateurs",
                                                                      "TSA 00000"],
    "postcode": "75008", "city": "PARIS CEDEX 08", "source": "facture du 12/10/2026",
    "verified_on": "2026-10-12", "status": "vérifié",
}


def test_missing_override_file_is_not_an_error(tmp_path):
    directory = load_directory(tmp_path / "absent.json")
    assert not any(o.user_modified for o in directory.operators)


def test_override_replaces_keys_of_an_entry(tmp_path):
    path = write(tmp_path / "annuaire.json", {
        "format": 1, "operators": [{"id": "sfr", "service_consommateurs": [SFR_CONSO]}]})
    directory = load_directory(path)
    sfr = directory.operator("sfr")
    assert sfr.user_modified
    assert sfr.service_consommateurs[0].postcode == "75008"
    assert sfr.service_consommateurs[0].provenance.source == "facture du 12/10/2026"
    assert sfr.cpme_eligible  # untouched keys kept
    assert not directory.operator("orange").user_modified
    # the shipped directory is unchanged
    assert load_directory().operator("sfr").service_consommateurs[0].is_empty()


def test_override_can_add_an_operator(tmp_path):
    shipped = shipped_json()
    new = json.loads(json.dumps(next(o for o in shipped["operators"] if o["id"] == "free")))
    new.update(id="nrj_mobile", name="NRJ Mobile", aliases=[], cpme_eligible=False,
               source="contrat du client")
    path = write(tmp_path / "annuaire.json", {"operators": [new]})
    directory = load_directory(path)
    assert directory.find("nrj mobile").id == "nrj_mobile"
    assert directory.operator("nrj_mobile").user_modified


@pytest.mark.parametrize(
    ("override", "path_part", "words"),
    [
        ({"operators": [{"id": "sfr", "service_consommateurs": [
            {**SFR_CONSO, "source": ""}]}]},
         "operators[sfr].service_consommateurs[0].source", "doit indiquer sa source"),
        ({"operators": [{"id": "sfr", "service_consommateurs": [
            {**SFR_CONSO, "postcode": "7500"}]}]},
         "operators[sfr].service_consommateurs[0].postcode", "5 chiffres"),
        ({"operators": [{"id": "sfr", "service_consommateurs": [
            {**SFR_CONSO, "status": "ok"}]}]},
         "operators[sfr].service_consommateurs[0].status", "statut inconnu"),
        ({"operators": [{"id": "sfr", "service_consommateurs": [
            {**SFR_CONSO, "verified_on": None}]}]},
         "operators[sfr].service_consommateurs[0].status", "exige une source et une date"),
        ({"operators": [{"id": "sfr", "service_consommateurs": [
            {**SFR_CONSO, "verified_on": "12/10/2026"}]}]},
         "operators[sfr].service_consommateurs[0].verified_on", "AAAA-MM-JJ"),
        ({"operators": [{"id": "sfr", "service_consommateurs": [
            {"id": "default", "source": None, "verified_on": "2026-10-12",
             "status": "vérifié"}]}]},
         "operators[sfr].service_consommateurs[0].status", "adresse vide"),
        ({"operators": [{"id": "sfr", "service_consommateurs": [
            {**SFR_CONSO, "line_kinds": ["fax"]}]}]},
         "operators[sfr].service_consommateurs[0].line_kinds", "type de ligne inconnu"),
        ({"operators": [{"id": "sfr", "cpme_eligible": "oui"}]},
         "operators[sfr].cpme_eligible", "true / false"),
        ({"operators": [{"id": "sfr", "mediator": "autre"}]},
         "operators[sfr].mediator", "médiateur inconnu"),
        ({"operators": [{"id": "Nouvel Opérateur"}]}, "operators[Nouvel Opérateur].id",
         "identifiant"),
        ({"operators": [{"id": "nouveau", "name": "Nouveau"}]}, "operators[nouveau]",
         "champ obligatoire manquant"),
        ({"operators": [{"id": "cpme"}]}, "operators[cpme].id", "existe déjà"),
        ({"operators": [{"id": "sfr", "aliases": ["Orange"]}]}, "operators[sfr]",
         "désigne à la fois"),
        ({"operateurs": []}, "$.operateurs", "champ inconnu"),
        ({"format": 2}, "$.format", "non prise en charge"),
        ([], "$", "objet JSON"),
    ],
)
def test_bad_override_raises_a_french_directory_error(tmp_path, override, path_part, words):
    path = write(tmp_path / "annuaire.json", override)
    with pytest.raises(DirectoryError) as info:
        load_directory(path)
    assert path_part in info.value.path
    assert words in info.value.message
    assert str(info.value).startswith("Annuaire invalide (fichier ")


def test_override_that_is_not_json(tmp_path):
    path = tmp_path / "annuaire.json"
    path.write_text('{"operators": [', encoding="utf-8")
    with pytest.raises(DirectoryError) as info:
        load_directory(path)
    assert "JSON invalide ligne 1" in str(info.value)
    path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(DirectoryError, match="UTF-8"):
        load_directory(path)


def test_parse_directory_rejects_duplicates():
    data = shipped_json()
    data["operators"].append(data["operators"][0])
    with pytest.raises(DirectoryError, match="en double"):
        parse_directory(data)


def test_entries_are_frozen(directory):
    with pytest.raises(AttributeError):
        directory.operator("orange").name = "X"  # type: ignore[misc]
