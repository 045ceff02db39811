"""The shipped rules file: every rule sourced and dated; the loader is strict."""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from dispute.procedure import REQUIRED_RULES
from dispute.rules import (
    Delay,
    DelayUnit,
    RulesError,
    RuleSet,
    RuleStatus,
    default_rules,
    load_rules,
    rules_from_dict,
)

ROOT = Path(__file__).resolve().parent.parent
RULES_PATH = ROOT / "assets" / "rules.json"
SEEDS = {
    "seeds/000_e4fa74f68f704dc3.txt",
    "seeds/001_7e4cd6260acd53e8.txt",
    "seeds/002_ec1913ae08662f46.txt",
    "seeds/003_04863d426c558b74.txt",
    "seeds/004_30d7639af28b6faf.txt",
}


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    return load_rules(RULES_PATH)


@pytest.fixture()
def raw() -> dict:
    return json.loads(RULES_PATH.read_text(encoding="utf-8"))


def test_default_rules_are_the_shipped_file(rules):
    assert list(default_rules()) == list(rules)


def test_every_rule_has_a_source_a_review_date_and_a_status(rules):
    assert len(rules) >= 20
    for rule in rules.values():
        assert rule.label.strip(), rule.id
        assert rule.source_label.strip(), rule.id
        # reviewed against DOMAIN.md (22 Nov.) or LEGAL-2026-12.md (2 Dec. 2026)
        assert rule.verified_on in (date(2026, 11, 22), date(2026, 12, 2),
                                    date(2026, 12, 3)), rule.id  # review 5's decisions
        assert rule.status in (RuleStatus.VERIFIED, RuleStatus.UNVERIFIED), rule.id
        for seed in rule.seeds:
            assert seed in SEEDS, (rule.id, seed)


def test_every_verified_rule_cites_a_seed_an_article_or_a_page(rules):
    for rule in rules.values():
        if rule.verified:
            assert rule.references or rule.urls, rule.id


def test_rules_from_legal_2026_12_carry_their_confidence_and_source_date(rules):
    for rule in rules.values():
        if rule.verified_on == date(2026, 12, 2) and rule.id not in DOMAIN_ONLY:
            assert rule.confidence in ("A", "B", "C"), rule.id
            assert rule.source_date == "non datée" or date.fromisoformat(rule.source_date), (
                rule.id)
            assert rule.urls and all(u.startswith("http") for u in rule.urls), rule.id
        if rule.confidence == "C":
            assert not rule.verified, rule.id  # a third-party guide never makes a rule verified


DOMAIN_ONLY = {"relance_after_answer_delay", "formal_notice_after_operator_delays",
               "last_resort", "procureur_qualified_offence", "cpme_through_structure"}
"""Rules reviewed on 2 December 2026 that rest on the seeds and DOMAIN.md, not on a page."""


def test_unverified_rules_are_exactly_those_the_sources_leave_open(rules):
    unverified = {r.id for r in rules.values() if not r.verified}
    assert unverified == {
        "last_resort_indicative_m5",  # "about M+5": an advice article's timeline
        "small_business_extended_rights",  # LEGAL-2026-12 § 2.2: exact list not read
        "prescription_suspension_from_saisine",  # § 5: not confirmed for the telecom mediator
        # review 5: the sources speak of « la réclamation » to a service, not of a notice
        "formal_notice_mediator_clock",
        # review 6 N1: waiting for the notice's own delay, the app's reading of the letter
        "formal_notice_own_delay",
    }
    for rule_id in unverified:
        assert "non vérifiée" in rules[rule_id].source


@pytest.mark.parametrize(
    ("rule_id", "value", "unit"),
    [
        ("service_clients_answer_delay", 1, DelayUnit.MONTHS),
        ("service_consommateurs_access", 1, DelayUnit.MONTHS),
        ("service_consommateurs_answer_delay", 1, DelayUnit.MONTHS),
        ("mediator_after_service_clients_silence", 2, DelayUnit.MONTHS),
        ("mediator_after_service_consommateurs_silence", 1, DelayUnit.MONTHS),
        ("mediator_one_year_limit", 12, DelayUnit.MONTHS),
        ("mediator_opinion_delay", 3, DelayUnit.MONTHS),
        ("parties_position_delay", 1, DelayUnit.MONTHS),
        ("last_resort_indicative_m5", 5, DelayUnit.MONTHS),
        ("invoice_prescription_one_year", 12, DelayUnit.MONTHS),
        ("cpme_failed_prior_attempt", 1, DelayUnit.MONTHS),
    ],
)
def test_delays_match_domain_md(rules, rule_id, value, unit):
    assert rules[rule_id].delay == Delay(value, unit)


@pytest.mark.parametrize(
    "rule_id",
    [
        "mediator_after_unsatisfactory_answers",
        "mediator_written_complaint_required",
        "mediator_no_court_or_other_mediator",
        "mediator_private_customers_only",
        "cpme_operators",
        "cpme_required_items",
        "cpme_business_only",
        "last_resort",
        "court_prior_mediation_5000",
    ],
)
def test_conditions_without_delay_have_none(rules, rule_id):
    assert rules[rule_id].delay is None
    with pytest.raises(ValueError):
        rules[rule_id].apply(date(2026, 1, 1))


@pytest.mark.parametrize(
    ("rule_id", "reference"),
    [
        ("mediator_written_complaint_required", "Code de la consommation, art. L.612-2 1°"),
        ("mediator_no_court_or_other_mediator", "Code de la consommation, art. L.612-2 3°"),
        ("mediator_one_year_limit", "Code de la consommation, art. L.612-2 4°"),
        ("mediator_one_year_limit", "seeds/003_04863d426c558b74.txt"),
        ("mediator_opinion_delay", "Code de la consommation, art. R.612-5"),
        ("mediator_opinion_delay", "seeds/001_7e4cd6260acd53e8.txt"),
        ("invoice_prescription_one_year",
         "Code des postes et des communications électroniques, art. L.34-2"),
        ("cpme_required_items", "seeds/000_e4fa74f68f704dc3.txt"),
        ("cpme_operators", "seeds/000_e4fa74f68f704dc3.txt"),
        ("service_clients_answer_delay", "seeds/001_7e4cd6260acd53e8.txt"),
    ],
)
def test_rules_cite_their_sources(rules, rule_id, reference):
    assert reference in rules[rule_id].references


def test_cpme_items_are_the_five_of_seed_000_in_order(rules):
    items = rules["cpme_required_items"].items
    assert [i.label for i in items] == [
        "Nom du souscripteur du contrat",
        "Nom de l'opérateur",
        "Numéro de la ligne concernée",
        "Numéro de contrat",
        "Résumé chronologique de la situation",
    ]


def test_cpme_operators_are_bouygues_orange_sfr(rules):
    items = rules["cpme_operators"].items
    assert {i.key for i in items} == {"bouygues", "orange", "sfr"}
    assert {i.label for i in items} == {"Bouygues Télécom", "Orange", "SFR"}


def test_prescription_warning_window_is_60_days(rules):
    assert rules["invoice_prescription_one_year"].warning_days == 60


def test_every_rule_the_engine_applies_is_shipped(rules):
    assert REQUIRED_RULES - set(rules) == set()


def test_every_shipped_rule_is_applied_by_the_engine(rules):
    assert set(rules) - REQUIRED_RULES == set()  # no rule kept in the data and used nowhere


@pytest.mark.parametrize(
    ("start", "rule_id", "expected"),
    [
        (date(2026, 1, 31), "service_clients_answer_delay", date(2026, 2, 28)),
        (date(2028, 2, 29), "mediator_one_year_limit", date(2029, 2, 28)),
        (date(2026, 11, 30), "mediator_opinion_delay", date(2027, 2, 28)),
    ],
)
def test_rule_apply_uses_calendar_months(rules, start, rule_id, expected):
    assert rules[rule_id].apply(start) == expected


def test_delay_labels():
    assert Delay(1, DelayUnit.MONTHS).label == "1 mois"
    assert Delay(90, DelayUnit.DAYS).label == "90 jours"
    assert Delay(1, DelayUnit.DAYS).label == "1 jour"
    assert Delay(90, DelayUnit.DAYS).add_to(date(2026, 1, 1)) == date(2026, 4, 1)


def test_unknown_rule_id_names_it(rules):
    with pytest.raises(KeyError, match="no_such_rule"):
        rules["no_such_rule"]


def test_replace_returns_a_changed_copy(rules):
    changed = rules.replace(replace(rules["service_clients_answer_delay"],
                                    delay=Delay(2, DelayUnit.MONTHS)))
    assert changed["service_clients_answer_delay"].delay.value == 2
    assert rules["service_clients_answer_delay"].delay.value == 1
    assert list(changed) == list(rules)


def test_load_rules_reads_a_corrected_copy(tmp_path, raw):
    raw["rules"][1]["delay"] = {"value": 30, "unit": "days"}
    path = tmp_path / "rules.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    loaded = load_rules(path)
    assert loaded[raw["rules"][1]["id"]].delay == Delay(30, DelayUnit.DAYS)


def _mutate(raw: dict, index: int, **changes) -> dict:
    data = copy.deepcopy(raw)
    for key, value in changes.items():
        if value is ...:
            del data["rules"][index][key]
        else:
            data["rules"][index][key] = value
    return data


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"delai": 1}, "$.rules[0].delai"),
        ({"source_label": ...}, "$.rules[0].source_label"),
        ({"verified_on": ...}, "$.rules[0].verified_on"),
        ({"verified_on": "22/11/2026"}, "$.rules[0].verified_on"),
        ({"status": "checked"}, "$.rules[0].status"),
        ({"source_label": "  "}, "$.rules[0].source_label"),
        ({"delay": {"value": 1, "unit": "weeks"}}, "$.rules[0].delay.unit"),
        ({"delay": {"value": 0, "unit": "months"}}, "$.rules[0].delay.value"),
        ({"delay": {"value": True, "unit": "months"}}, "$.rules[0].delay.value"),
        ({"delay": 1}, "$.rules[0].delay"),
        ({"seeds": ["001.txt"]}, "$.rules[0].seeds[0]"),
        ({"seeds": "seeds/001_7e4cd6260acd53e8.txt"}, "$.rules[0].seeds"),
        ({"items": [{"key": "x"}]}, "$.rules[0].items[0]"),
        ({"warning_days": "60"}, "$.rules[0].warning_days"),
        ({"confidence": "D"}, "$.rules[0].confidence"),  # letter generators: never
        ({"confidence": "C"}, "$.rules[0].status"),  # a third-party guide is not « verified »
        ({"urls": "https://x"}, "$.rules[0].urls"),
        ({"source_date": 2025}, "$.rules[0].source_date"),
    ],
)
def test_bad_rules_are_refused_with_their_path(raw, changes, path):
    with pytest.raises(RulesError) as info:
        rules_from_dict(_mutate(raw, 0, **changes))
    assert info.value.path == path


def test_duplicate_ids_are_refused(raw):
    raw["rules"].append(copy.deepcopy(raw["rules"][0]))
    with pytest.raises(RulesError) as info:
        rules_from_dict(raw)
    assert info.value.path == f"$.rules[{len(raw['rules']) - 1}].id"


def test_wrong_format_and_bad_json_are_refused(raw, tmp_path):
    raw["format"] = "something else"
    with pytest.raises(RulesError) as info:
        rules_from_dict(raw)
    assert info.value.path == "$.format"
    path = tmp_path / "rules.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(RulesError, match="JSON invalide"):
        load_rules(path)
