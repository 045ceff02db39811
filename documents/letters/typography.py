"""French typography of a composed letter: no-break spaces before « : ; ? ! », inside
guillemets, after « n° », and inside dates, phone, SIREN/SIRET, LRAR numbers and amounts."""

from __future__ import annotations

import re

from documents.content import BulletList, Enclosure, Paragraph, Run
from documents.text import NBSP


_MONTHS = ("janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre"
           "|novembre|décembre|decembre")


_KEEP_TOGETHER = (
    # « 18 mars 2026 », « 1er août »: a date never split after its day
    re.compile(rf"\b(?:\d{{1,2}}|1er) (?:{_MONTHS})\b(?: \d{{4}}\b)?", re.IGNORECASE),
    re.compile(r"\bnos \d"),  # « Pièces nos 1 et 2 »
    re.compile(r"\b0\d(?: \d\d){4}\b"),  # a French phone number, « 01 99 00 52 90 »
    re.compile(r"\+33(?: \d){1}(?: \d\d){4}\b"),  # « +33 1 99 00 52 90 »
    re.compile(r"\b\d{3} \d{3} \d{3}(?: \d{5})?\b"),  # SIREN, SIRET « 901 473 629 00011 »
    re.compile(r"\b\d[A-Z](?: \d+){2,}\b"),  # an LRAR number, « 1A 000 000 3161 2 »
    re.compile(r"\d(?:[,.]\d+)? (?:€|euros?\b|%|j\b|jours?\b|mois\b|ans?\b|h\b|Mo\b|Go\b)"),
)
"""Groups a line break must not split (their ordinary spaces become no-break spaces)."""


def fr_typography(text: str) -> str:
    """No-break spaces where French typography wants them, so a line never starts with ":",
    ";", "»" or ends with "«": "« Offre »", "Objet : …", "n° 3"; and so that a date, a
    phone, SIRET or LRAR number, or a number and its unit (« 10 € », « 15 jours ») is never
    split across two lines, typed by the user or not."""
    for plain, tied in ((" :", f"{NBSP}:"), (" ;", f"{NBSP};"), (" ?", f"{NBSP}?"),
                        (" !", f"{NBSP}!"), ("« ", f"«{NBSP}"), (" »", f"{NBSP}»"),
                        ("n° ", f"n°{NBSP}")):
        text = text.replace(plain, tied)
    for pattern in _KEEP_TOGETHER:
        text = pattern.sub(lambda m: m.group(0).replace(" ", NBSP), text)
    return text


def _typeset_paragraph(p: Paragraph) -> Paragraph:
    return Paragraph(tuple(Run(fr_typography(r.text), r.bold, r.italic) for r in p.runs), p.align)


def typeset(letter):
    """The letter with :func:`fr_typography` applied to its body, subject and formulas."""
    from dataclasses import replace as _replace

    from documents.content import Table

    blocks = []
    for block in letter.body:
        if isinstance(block, Paragraph):
            blocks.append(_typeset_paragraph(block))
        elif isinstance(block, BulletList):
            blocks.append(BulletList(tuple(_typeset_paragraph(i) for i in block.items)))
        elif isinstance(block, Table):
            blocks.append(_replace(
                block, rows=tuple(tuple(fr_typography(c) for c in row) for row in block.rows)))
        else:
            blocks.append(block)
    return _replace(letter, body=tuple(blocks), subject=fr_typography(letter.subject),
                    closing=fr_typography(letter.closing),
                    followed_by=fr_typography(letter.followed_by),
                    enclosures=tuple(Enclosure(e.number, fr_typography(e.title))
                                     for e in letter.enclosures))
