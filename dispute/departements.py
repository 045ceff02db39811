"""The département of a French postcode (for statistics, never for an address).

Rules (La Poste's postcodes, docs/outcomes.md):

- metropolitan France: the first two digits (``69002`` → ``69``); Corsica shares ``20``:
  ``200xx``–``201xx`` are Corse-du-Sud (``2A``), ``202xx``–``206xx`` Haute-Corse (``2B``);
  another ``20xxx`` is reported as ``20`` (Corsica, département not known);
- overseas: the first three digits, ``971`` to ``976`` (Guadeloupe, Martinique, Guyane,
  La Réunion, Saint-Pierre-et-Miquelon, Mayotte), ``977``/``978`` (Saint-Barthélemy,
  Saint-Martin) and ``98x`` (Pacific collectivities; ``980`` is Monaco: abroad);
- an address abroad gives ``99`` (INSEE's code for « étranger »); a missing or malformed
  postcode gives ``""`` (unknown).
"""

from __future__ import annotations

ABROAD = "99"

_OVERSEAS = frozenset({"971", "972", "973", "974", "975", "976", "977", "978",
                       "984", "986", "987", "988"})
_FRANCE_NAMES = frozenset({"", "france", "fr", "france metropolitaine"})


def _is_abroad(country: str) -> bool:
    from dispute.accents import strip_accents

    return strip_accents(" ".join(country.split())).casefold() not in _FRANCE_NAMES


def departement(postcode: str, country: str = "") -> str:
    """``"2A"``, ``"69"``, ``"974"``, ``"99"`` (abroad) or ``""`` (unknown)."""
    if _is_abroad(country or ""):
        return ABROAD
    code = "".join((postcode or "").split())
    if len(code) != 5 or not (code.isascii() and code.isdigit()):
        return ""
    prefix2, prefix3 = code[:2], code[:3]
    if prefix2 in ("97", "98"):
        if prefix3 == "980":
            return ABROAD  # Monaco
        return prefix3 if prefix3 in _OVERSEAS else ""
    if prefix2 == "20":
        hundreds = int(code[2])
        if hundreds <= 1:
            return "2A"
        if hundreds <= 6:
            return "2B"
        return "20"
    if prefix2 in ("00", "96", "99"):
        return ""
    return prefix2
