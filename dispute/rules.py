"""The procedure's rules as data (``assets/rules.json``): delays, sources, verification status.

Every rule the procedure engine applies is a :class:`Rule` read from ``assets/rules.json``, so a
changed delay or a newly checked source is a data change, never a code change (DOMAIN.md).
A rule says where it comes from (seed files and/or legal articles, plus a French label for
display), when it was last reviewed (``verified_on``) and whether that review found it backed by
a source (``status``: ``verified``) or not (``unverified``: keep it, but show it as such).

The loader is strict: an unknown key, a missing field, a bad date or a duplicate id raises
:class:`RulesError` with the JSON path of the problem.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any

from dispute.assets import asset_path
from dispute.calendar import add_days, add_months

logger = logging.getLogger(__name__)

RULES_FILE = "rules.json"
RULES_FORMAT = "recours-telecom/rules"


class RulesError(ValueError):
    """``assets/rules.json`` (or a rules dict) is not valid. ``path`` is like ``$.rules[3].id``."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path} : {message}")
        self.path = path
        self.message = message


class RuleStatus(StrEnum):
    VERIFIED = "verified"
    UNVERIFIED = "unverified"


RULE_STATUS_LABELS = {
    RuleStatus.VERIFIED: "vérifiée",
    RuleStatus.UNVERIFIED: "non vérifiée",
}


class DelayUnit(StrEnum):
    MONTHS = "months"
    DAYS = "days"


@dataclass(frozen=True)
class Delay:
    value: int
    unit: DelayUnit

    def add_to(self, d: date) -> date:
        """``d`` plus this delay (calendar months with month-end clamping, or days)."""
        if self.unit is DelayUnit.MONTHS:
            return add_months(d, self.value)
        return add_days(d, self.value)

    @property
    def label(self) -> str:
        """French wording: "1 mois", "3 mois", "90 jours", "1 jour"."""
        if self.unit is DelayUnit.MONTHS:
            return f"{self.value} mois"
        return f"{self.value} jour" + ("s" if abs(self.value) > 1 else "")


@dataclass(frozen=True)
class RuleItem:
    """An element of a rule's list (a CPME required item, a covered operator)."""

    key: str
    label: str


@dataclass(frozen=True)
class Rule:
    id: str
    label: str
    delay: Delay | None
    seeds: tuple[str, ...]
    articles: tuple[str, ...]
    source_label: str
    verified_on: date
    status: RuleStatus
    note: str = ""
    items: tuple[RuleItem, ...] = ()
    warning_days: int | None = None
    # LEGAL-2026-12.md's confidence in the source: "A" official text or site, "B" faithful
    # copy of one, "C" third-party guide (never "verified"); "" for the seed-based rules.
    confidence: str = ""
    source_date: str = ""  # the date the source shows ("2025-12-12"), or "non datée"
    urls: tuple[str, ...] = ()

    @property
    def verified(self) -> bool:
        return self.status is RuleStatus.VERIFIED

    @property
    def source(self) -> str:
        """The human-readable source, with "(non vérifiée)" when the rule is unverified."""
        if self.verified:
            return self.source_label
        return f"{self.source_label} (règle non vérifiée)"

    @property
    def references(self) -> tuple[str, ...]:
        """Seed files then articles: the machine-readable sources."""
        return self.seeds + self.articles

    def apply(self, d: date) -> date:
        """``d`` plus the rule's delay; a rule without a delay cannot be applied."""
        if self.delay is None:
            raise ValueError(f"La règle {self.id} n'a pas de délai")
        return self.delay.add_to(d)


class RuleSet(Mapping[str, Rule]):
    """The rules by id, in file order. ``rules["x"]`` raises KeyError naming the missing id."""

    def __init__(self, rules: list[Rule] | tuple[Rule, ...]) -> None:
        self._rules: dict[str, Rule] = {}
        for rule in rules:
            if rule.id in self._rules:
                raise ValueError(f"Règle en double : {rule.id}")
            self._rules[rule.id] = rule

    def __getitem__(self, rule_id: str) -> Rule:
        try:
            return self._rules[rule_id]
        except KeyError:
            raise KeyError(f"Règle inconnue : {rule_id!r} (absente de {RULES_FILE})") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._rules)

    def __len__(self) -> int:
        return len(self._rules)

    def replace(self, rule: Rule) -> RuleSet:
        """A copy with ``rule`` replacing the rule of the same id (tests, user corrections)."""
        if rule.id not in self._rules:
            raise KeyError(f"Règle inconnue : {rule.id!r}")
        return RuleSet([rule if r.id == rule.id else r for r in self._rules.values()])


# --- Loading ------------------------------------------------------------------------------

_REQUIRED = {"id", "label", "delay", "seeds", "articles", "source_label", "verified_on", "status"}
_OPTIONAL = {"note", "items", "warning_days", "confidence", "source_date", "urls"}
CONFIDENCES = ("A", "B", "C")
"""Source levels of LEGAL-2026-12.md usable in a rule; "D" (letter generators, forums) never."""


def _text(value: Any, path: str, allow_empty: bool = False) -> str:
    if not isinstance(value, str):
        raise RulesError(path, "un texte est attendu")
    if not allow_empty and not value.strip():
        raise RulesError(path, "texte vide")
    return value


def _texts(value: Any, path: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise RulesError(path, "une liste est attendue")
    return tuple(_text(v, f"{path}[{i}]") for i, v in enumerate(value))


def _int(value: Any, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise RulesError(path, "un nombre entier est attendu")
    return value


def _delay(value: Any, path: str) -> Delay | None:
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) != {"value", "unit"}:
        raise RulesError(path, 'objet {"value": N, "unit": "months" | "days"} ou null attendu')
    amount = _int(value["value"], f"{path}.value")
    if amount <= 0:
        raise RulesError(f"{path}.value", "un délai strictement positif est attendu")
    try:
        unit = DelayUnit(value["unit"])
    except ValueError:
        raise RulesError(f"{path}.unit", f"unité inconnue {value['unit']!r}") from None
    return Delay(amount, unit)


def _items(value: Any, path: str) -> tuple[RuleItem, ...]:
    if not isinstance(value, list):
        raise RulesError(path, "une liste est attendue")
    out = []
    for i, item in enumerate(value):
        item_path = f"{path}[{i}]"
        if not isinstance(item, dict) or set(item) != {"key", "label"}:
            raise RulesError(item_path, 'un objet {"key": ..., "label": ...} est attendu')
        out.append(RuleItem(_text(item["key"], f"{item_path}.key"),
                            _text(item["label"], f"{item_path}.label")))
    return tuple(out)


def rule_from_dict(data: Any, path: str = "$") -> Rule:
    """One rule from its JSON form (strict)."""
    if not isinstance(data, dict):
        raise RulesError(path, "un objet est attendu")
    unknown = sorted(set(data) - _REQUIRED - _OPTIONAL)
    if unknown:
        raise RulesError(f"{path}.{unknown[0]}", "champ inconnu")
    missing = sorted(_REQUIRED - set(data))
    if missing:
        raise RulesError(f"{path}.{missing[0]}", "champ obligatoire manquant")
    try:
        verified_on = date.fromisoformat(_text(data["verified_on"], f"{path}.verified_on"))
    except ValueError:
        raise RulesError(f"{path}.verified_on", "date AAAA-MM-JJ attendue") from None
    try:
        status = RuleStatus(data["status"])
    except ValueError:
        raise RulesError(f"{path}.status", "« verified » ou « unverified » attendu") from None
    seeds = _texts(data["seeds"], f"{path}.seeds")
    articles = _texts(data["articles"], f"{path}.articles")
    for i, seed in enumerate(seeds):
        if not seed.startswith("seeds/"):
            raise RulesError(f"{path}.seeds[{i}]", "un fichier seeds/… est attendu")
    warning_days = data.get("warning_days")
    if warning_days is not None:
        warning_days = _int(warning_days, f"{path}.warning_days")
    confidence = _text(data.get("confidence", ""), f"{path}.confidence", allow_empty=True)
    if confidence and confidence not in CONFIDENCES:
        raise RulesError(f"{path}.confidence", "« A », « B » ou « C » attendu (jamais « D »)")
    if confidence == "C" and status is RuleStatus.VERIFIED:
        raise RulesError(f"{path}.status", "une source de niveau C reste « unverified »")
    return Rule(
        id=_text(data["id"], f"{path}.id"),
        label=_text(data["label"], f"{path}.label"),
        delay=_delay(data["delay"], f"{path}.delay"),
        seeds=seeds,
        articles=articles,
        source_label=_text(data["source_label"], f"{path}.source_label"),
        verified_on=verified_on,
        status=status,
        note=_text(data.get("note", ""), f"{path}.note", allow_empty=True),
        items=_items(data.get("items", []), f"{path}.items"),
        warning_days=warning_days,
        confidence=confidence,
        source_date=_text(data.get("source_date", ""), f"{path}.source_date", allow_empty=True),
        urls=_texts(data.get("urls", []), f"{path}.urls"),
    )


def rules_from_dict(data: Any) -> RuleSet:
    """The whole rule file from its JSON form (strict)."""
    if not isinstance(data, dict):
        raise RulesError("$", "un objet est attendu")
    if data.get("format") != RULES_FORMAT:
        raise RulesError("$.format", f"« {RULES_FORMAT} » attendu")
    if not isinstance(data.get("rules"), list):
        raise RulesError("$.rules", "une liste est attendue")
    rules = [rule_from_dict(r, f"$.rules[{i}]") for i, r in enumerate(data["rules"])]
    seen: set[str] = set()
    for i, rule in enumerate(rules):
        if rule.id in seen:
            raise RulesError(f"$.rules[{i}].id", f"identifiant en double {rule.id!r}")
        seen.add(rule.id)
    return RuleSet(rules)


def load_rules(path: Path | None = None) -> RuleSet:
    """Read and check a rules file (default: ``assets/rules.json``)."""
    path = path or asset_path(RULES_FILE)
    logger.debug("Loading rules from %s", path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise RulesError("$", f"JSON invalide ({exc.msg}, ligne {exc.lineno})") from None
    return rules_from_dict(data)


@lru_cache(maxsize=1)
def default_rules() -> RuleSet:
    """The shipped rules, loaded once per process."""
    return load_rules()
