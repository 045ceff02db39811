"""The dossier's warnings said once per fact (lead-drive 7 and 13): the missing mandate was
said three times (the dossier, and twice by the CPME request), a glyph missing from the font
once per document, a disputed invoice without its exhibit by the checklist and again by the
letter.

Each warning is a :class:`Note`: its text, the document it comes from (« » for the dossier as
a whole), its importance (:data:`ROUTE` first, then :data:`MISSING` pieces, then what a
:data:`LETTER` says, then :data:`RENDERING`), and the facts it states. Notes that share a fact
are one line: the most important one's text — prefixed, when it comes from a document, by
every document that states the fact (« Demande d'intervention à la CPME, Chronologie et
Bordereau : Caractère absent de la police … 🥖 … (U+1F956) »); a fact the dossier itself
states (the checklist's line, the route's warning) is said in its words alone. Lines come in order of importance, then of first
appearance. Qt-free: the GUI, the CLI and ``DossierResult.warnings`` use the same lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dispute.exhibit_roles import UNLINKED_INVOICE

ROUTE, MISSING, LETTER, RENDERING = 0, 1, 2, 3
"""Importance, most important first."""

MANDATE = "mandate"
"""The signed mandate is not recorded, or not among the exhibits."""

_MANDATE_NOTES = (
    # « par l'abonné », « par l'abonnée », « par les abonnés », « par l'entreprise »,
    # « par l'association » (dispute.labels.subscriber_noun, review5 13)
    re.compile(r"\baucun mandat sign\w* (?:par (?:l'|les )\w+ )?n'est enregistr", re.IGNORECASE),
    re.compile(r"^Le mandat sign\w*\b.*\bn'est pas parmi les pi\w+ces", re.IGNORECASE),
    re.compile(r"^Mandat : le mod\w+le \w+ signer"),
)
"""The letters' notes about the mandate (``documents.letters.mandate_status``) and the
dossier's own: one fact, said by the checklist's « Mandat signé » line when there is one."""

_UNLINKED = re.compile(re.escape(UNLINKED_INVOICE).replace(
    re.escape("{number}"), r"(?P<number>.+?)", 1).replace(re.escape("{number}"), r"(?P=number)"))
_PREMATURE = "Ce courrier est prématuré"
_GLYPHS = re.compile(r"^Caractères? absents? de la police\b")
_CODE_POINT = re.compile(r"\(U\+([0-9A-F]{4,6})\)")


def invoice_fact(number: str) -> str:
    return "invoice:" + " ".join(number.split())


def route_fact(target: str) -> str:
    return f"route:{target}"


@dataclass(frozen=True)
class Note:
    text: str
    document: str = ""
    rank: int = LETTER
    facts: tuple[str, ...] = ()

    def line(self) -> str:
        """The note alone, as the dossier said it before grouping: « Document : texte »."""
        return f"{self.document} : {self.text}" if self.document else self.text


def known_facts(text: str, *, target_letter: str = "") -> tuple[str, ...]:
    """The facts a letter's or the dossier's sentence states, when another sentence may state
    them too: the mandate, a disputed invoice no exhibit holds, and for the target's own
    letter (``target_letter``: "mediator" or "cpme") its route not yet open."""
    facts = []
    if any(p.search(text) for p in _MANDATE_NOTES):
        facts.append(MANDATE)
    match = _UNLINKED.match(text)
    if match:
        facts.append(invoice_fact(match.group("number")))
    if target_letter and text.startswith(_PREMATURE):
        facts.append(route_fact(target_letter))
    if _GLYPHS.match(text):  # documents.glyphs.glyph_warning: the same characters
        facts.append("glyphs:" + ",".join(sorted(set(_CODE_POINT.findall(text)))))
    return tuple(facts)


def _joined(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " et " + names[-1]


def grouped(notes: Iterable[Note]) -> list[str]:
    """One line per fact, most important first (see the module's doc)."""
    notes = list(notes)
    keys = [n.facts or (("text", n.text),) for n in notes]
    # union of the notes that share a fact
    parent = list(range(len(notes)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[object, int] = {}
    for i, facts in enumerate(keys):
        for fact in facts:
            if fact in first:
                parent[root(i)] = root(first[fact])
            else:
                first[fact] = i
    groups: dict[int, list[int]] = {}
    for i in range(len(notes)):
        groups.setdefault(root(i), []).append(i)
    ordered = sorted(groups.values(), key=lambda g: (min(notes[i].rank for i in g), g[0]))
    out: list[str] = []
    for members in ordered:
        lead = min(members, key=lambda i: (notes[i].rank, i))
        note = notes[lead]
        # a fact several documents state: named once, with every document concerned
        documents = list(dict.fromkeys(notes[i].document for i in members
                                       if notes[i].document))
        if note.document and documents:
            line = f"{_joined(documents)} : {note.text}"
        else:
            line = note.text
        if line not in out:
            out.append(line)
    return out


__all__ = ["LETTER", "MANDATE", "MISSING", "RENDERING", "ROUTE", "Note", "grouped",
           "invoice_fact", "known_facts", "route_fact"]
