"""Issue 9, point 6: smaller corrections from the sources (LEGAL-2026-12.md)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from dispute.procedure import DateKind, assess
from dispute.rules import default_rules
from procedure_builders import deadline, email, make_case, opinion, saisine, step

ROOT = Path(__file__).resolve().parent.parent


def opinion_case(response_due=None):
    answer_by = opinion(date(2026, 5, 29))
    answer_by.response_due = response_due
    return make_case(email(date(2026, 1, 5)), saisine(date(2026, 3, 10)), answer_by)


def test_the_answer_to_the_opinion_is_due_when_the_opinion_says():
    a = assess(opinion_case(date(2026, 6, 12)), date(2026, 6, 1))
    due = deadline(a, "parties_position_due")
    assert due.date == date(2026, 6, 12)
    assert due.basis.event.date_kind is DateKind.RESPONSE_DUE
    assert due.basis.rule.articles == ("Code de la consommation, art. R.612-4",)
    answer = step(a, "answer_mediator_opinion")
    assert (answer.earliest, answer.latest) == (date(2026, 5, 29), date(2026, 6, 12))


def test_one_month_only_by_default():
    a = assess(opinion_case(), date(2026, 6, 1))
    assert deadline(a, "parties_position_due").date == date(2026, 6, 29)


def test_a_response_date_before_the_opinion_is_ignored():
    a = assess(opinion_case(date(2026, 5, 1)), date(2026, 6, 1))
    assert deadline(a, "parties_position_due").date == date(2026, 6, 29)


def test_portability_compensation_rule_says_since_2018_on_request_within_30_days():
    rule = default_rules()["portability_compensation"]
    assert "en vigueur depuis le 25 mai 2018" in rule.articles[0]
    assert "sur demande" in rule.label and "30 jours" in rule.label
    assert "lié au portage" in rule.label  # not any installation appointment


def test_no_48_hour_legal_delay_anywhere():
    texts = [(ROOT / "assets" / name).read_text(encoding="utf-8")
             for name in ("rules.json", "directory.json")]
    texts += [p.read_text(encoding="utf-8") for p in (ROOT / "dispute").rglob("*.py")]
    pattern = re.compile(r"48\s*h(?:eures)?\b", re.IGNORECASE)
    for text in texts:
        for match in pattern.finditer(text):
            context = text[max(0, match.start() - 80):match.end() + 40]
            assert "Pas de « délai légal de 48 h »" in context, context
