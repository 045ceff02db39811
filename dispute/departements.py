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


# The départements' names with their article, as « de » takes them (« la DDPP des
# Hauts-de-Seine », « du Calvados », « de l'Orne », « de Paris »): INSEE's official list
# (code officiel géographique), metropolitan France and the five overseas départements,
# plus Saint-Pierre-et-Miquelon (975, a collectivity INSEE numbers with them).
_NAMES: dict[str, str] = {
    "01": "l'Ain", "02": "l'Aisne", "03": "l'Allier", "04": "les Alpes-de-Haute-Provence",
    "05": "les Hautes-Alpes", "06": "les Alpes-Maritimes", "07": "l'Ardèche",
    "08": "les Ardennes", "09": "l'Ariège", "10": "l'Aube", "11": "l'Aude",
    "12": "l'Aveyron", "13": "les Bouches-du-Rhône", "14": "le Calvados", "15": "le Cantal",
    "16": "la Charente", "17": "la Charente-Maritime", "18": "le Cher", "19": "la Corrèze",
    "2A": "la Corse-du-Sud", "2B": "la Haute-Corse", "21": "la Côte-d'Or",
    "22": "les Côtes-d'Armor", "23": "la Creuse", "24": "la Dordogne", "25": "le Doubs",
    "26": "la Drôme", "27": "l'Eure", "28": "l'Eure-et-Loir", "29": "le Finistère",
    "30": "le Gard", "31": "la Haute-Garonne", "32": "le Gers", "33": "la Gironde",
    "34": "l'Hérault", "35": "l'Ille-et-Vilaine", "36": "l'Indre", "37": "l'Indre-et-Loire",
    "38": "l'Isère", "39": "le Jura", "40": "les Landes", "41": "le Loir-et-Cher",
    "42": "la Loire", "43": "la Haute-Loire", "44": "la Loire-Atlantique", "45": "le Loiret",
    "46": "le Lot", "47": "le Lot-et-Garonne", "48": "la Lozère", "49": "le Maine-et-Loire",
    "50": "la Manche", "51": "la Marne", "52": "la Haute-Marne", "53": "la Mayenne",
    "54": "la Meurthe-et-Moselle", "55": "la Meuse", "56": "le Morbihan", "57": "la Moselle",
    "58": "la Nièvre", "59": "le Nord", "60": "l'Oise", "61": "l'Orne",
    "62": "le Pas-de-Calais", "63": "le Puy-de-Dôme", "64": "les Pyrénées-Atlantiques",
    "65": "les Hautes-Pyrénées", "66": "les Pyrénées-Orientales", "67": "le Bas-Rhin",
    "68": "le Haut-Rhin", "69": "le Rhône", "70": "la Haute-Saône", "71": "la Saône-et-Loire",
    "72": "la Sarthe", "73": "la Savoie", "74": "la Haute-Savoie", "75": "Paris",
    "76": "la Seine-Maritime", "77": "la Seine-et-Marne", "78": "les Yvelines",
    "79": "les Deux-Sèvres", "80": "la Somme", "81": "le Tarn", "82": "le Tarn-et-Garonne",
    "83": "le Var", "84": "le Vaucluse", "85": "la Vendée", "86": "la Vienne",
    "87": "la Haute-Vienne", "88": "les Vosges", "89": "l'Yonne",
    "90": "le Territoire de Belfort", "91": "l'Essonne", "92": "les Hauts-de-Seine",
    "93": "la Seine-Saint-Denis", "94": "le Val-de-Marne", "95": "le Val-d'Oise",
    "971": "la Guadeloupe", "972": "la Martinique", "973": "la Guyane", "974": "La Réunion",
    "975": "Saint-Pierre-et-Miquelon", "976": "Mayotte",
}

OVERSEAS_DEPARTEMENTS = frozenset({"971", "972", "973", "974", "975", "976"})


def departement_name(code: str) -> str:
    """« Hauts-de-Seine » for ``"92"``, « Corse-du-Sud » for ``"2A"``, « La Réunion » for
    ``"974"``; "" for a code without a département (``""``, ``"20"``, ``"99"``, ``"977"``…)."""
    named = _NAMES.get(code, "")
    for article in ("les ", "le ", "la ", "l'"):
        if named.startswith(article):
            return named[len(article):]
    return named


def departement_phrase(code: str) -> str:
    """The name after « de », contracted and elided: « des Hauts-de-Seine », « du Calvados »,
    « de l'Orne », « de la Gironde », « de Paris », « de La Réunion »; "" when unknown."""
    named = _NAMES.get(code, "")
    if not named:
        return ""
    if named.startswith("les "):
        return "des " + named[4:]
    if named.startswith("le "):
        return "du " + named[3:]
    return "de " + named
