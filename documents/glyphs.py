"""Characters the documents' font cannot draw, named for the person who typed them.

The renderers find them (``documents.fonts.unsupported_chars``) and warn; a warning that only
said « U+1F956 » meant nothing to an office worker. :func:`glyph_warning` shows the character
itself, the field of the case it was typed in when known (« 🥖 dans la raison sociale »), and
the code point only in brackets.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence

from dispute.model import Case, PostalAddress

MAX_SHOWN = 10


def _address(place: str, address: PostalAddress) -> list[tuple[str, str]]:
    return [(place, text) for text in (*address.street_lines, address.postcode, address.city,
                                       address.country)]


def case_texts(case: Case) -> tuple[tuple[str, str], ...]:
    """Every text of ``case`` a document may print, with the French name of its field
    (« la raison sociale », « le résumé », « l'événement n° 2 de la chronologie »)."""
    sub = case.subscriber
    business = case.is_business
    out: list[tuple[str, str]] = [
        ("la raison sociale" if business else "le nom de l'abonné", sub.name),
        ("le nom du représentant", sub.representative),
        ("la qualité du représentant", sub.representative_role),
        ("la forme juridique", sub.legal_form),
        ("le courriel de l'abonné", sub.email),
        *_address("l'adresse de l'abonné", sub.address),
    ]
    structure = case.handling_structure
    if structure is not None:
        out += [("le nom de la structure", structure.name),
                ("le nom du contact de la structure", structure.contact_name),
                ("la fonction du contact de la structure", structure.contact_role),
                ("le courriel de la structure", structure.email),
                *_address("l'adresse de la structure", structure.address)]
    op = case.operator
    out += [("le nom de l'opérateur", op.name),
            *_address("l'adresse du service clients", op.service_clients_address),
            *_address("l'adresse du service consommateurs", op.service_consommateurs_address),
            *_address("l'adresse du siège de l'opérateur", op.head_office_address),
            ("l'offre", case.contract.offer),
            ("le numéro de contrat", case.contract.contract_number),
            ("le numéro de client", case.contract.customer_number),
            ("le résumé", case.summary),
            ("les faits de l'infraction", case.offence_facts)]
    for n, line in enumerate(case.lines, 1):
        out += [(f"la ligne n° {n}", line.number), (f"la ligne n° {n}", line.label)]
    for n, event in enumerate(case.events_in_order(), 1):
        place = f"l'événement n° {n} de la chronologie"
        out += [(place, event.summary), (place, event.reference)]
    for exhibit in case.exhibits:
        out.append((f"le titre de la pièce n° {exhibit.number}", exhibit.title))
    for n, line in enumerate(case.invoice_lines, 1):
        place = f"la ligne de facture contestée n° {n}"
        out += [(place, line.invoice_number), (place, line.label), (place, line.note)]
    for n, credit in enumerate(case.credits, 1):
        place = f"la somme reçue n° {n}"
        out += [(place, credit.invoice_number), (place, credit.note)]
    return tuple((place, text) for place, text in out if text)


def glyph_places(texts: Iterable[tuple[str, str]], chars: Iterable[str]
                 ) -> dict[str, list[str]]:
    """For each character, the places (in order, without repeats) whose text holds it."""
    wanted = list(dict.fromkeys(chars))
    places: dict[str, list[str]] = {ch: [] for ch in wanted}
    for place, text in texts:
        for ch in wanted:
            if ch in text and place not in places[ch]:
                places[ch].append(place)
    return places


def _shown(ch: str) -> str:
    """The character as it can be read in a message: itself, or its name when it is
    invisible or a lone surrogate (which no message could carry)."""
    if 0xD800 <= ord(ch) <= 0xDFFF:
        return "caractère invalide"
    category = unicodedata.category(ch)
    if category.startswith(("C", "Z")) or category in ("Mn", "Me"):
        name = unicodedata.name(ch, "")
        return f"caractère invisible {name.lower()}".strip() if name else "caractère invisible"
    return ch


def glyph_warning(chars: Sequence[str], places: Mapping[str, Sequence[str]] | None = None
                  ) -> str:
    """« Caractères absents de la police, imprimés comme un cadre vide : 🥖 dans la raison
    sociale (U+1F956). » — at most :data:`MAX_SHOWN` characters, each with the fields it
    was typed in when ``places`` knows them."""
    parts = []
    for ch in list(dict.fromkeys(chars))[:MAX_SHOWN]:
        where = list((places or {}).get(ch, ()))
        text = _shown(ch)
        if where:
            shown = where[:3] + (["ailleurs"] if len(where) > 3 else [])
            text += " dans " + (", ".join(shown[:-1]) + " et " + shown[-1] if len(shown) > 1
                                else shown[0])
        parts.append(f"{text} (U+{ord(ch):04X})")
    one = len(parts) == 1
    head = ("Caractère absent de la police, imprimé comme un cadre vide : " if one else
            "Caractères absents de la police, imprimés comme un cadre vide : ")
    more = len(dict.fromkeys(chars)) - len(parts)
    tail = f" ; et {more} autre(s)" if more > 0 else ""
    advice = "Remplacez-le ou retirez-le." if one else "Remplacez-les ou retirez-les."
    return f"{head}{' ; '.join(parts)}{tail}. {advice}"
