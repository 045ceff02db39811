"""Who sent a letter, as a letter says it (case model v3, ``Event.sender``): « notre
courrier » when the structure signing the letter sent it, « le courrier de notre adhérente »
when the subscriber did, « le courrier de la CPME du Calvados » in the subscriber's own letter
when the structure sent it. An event whose sender is not said is told as before, without a
sender (never a wrong one)."""

from __future__ import annotations

from dispute.model import Case, Direction, Event, Sender
from documents.letters.core import of_phrase
from documents.letters.voice import Voice, VoiceMode, structure_named
from documents.text import clean_line

STRUCTURE_DEFAULT = "la structure d'accompagnement"


def structure_phrase(case: Case) -> str:
    """The structure as a sentence names it (« la CPME du Calvados »)."""
    hs = case.handling_structure
    name = structure_named(hs.name, hs.kind) if hs is not None and clean_line(hs.name) else ""
    return name or STRUCTURE_DEFAULT


def sent_by_structure(ev: Event) -> bool:
    return ev.direction is Direction.OUTGOING and ev.sender is Sender.HANDLING_STRUCTURE


def sent_by_subscriber(ev: Event) -> bool:
    return ev.direction is Direction.OUTGOING and ev.sender is Sender.SUBSCRIBER


def sender_words(ev: Event, case: Case, voice: Voice | None) -> tuple[bool, str]:
    """``(ours, of)`` for an outgoing step of a letter's chronology: ``ours`` when the
    letter's signer sent it (« Notre courrier … », the structure's letter about its own
    step), else ``of`` (« de notre adhérente », « de la CPME du Calvados ») naming who sent it
    when the letter's reader could not tell; ``(False, "")`` when the sender is not said, or
    is the subscriber in the subscriber's own letter."""
    structure_signs = voice is not None and voice.mode is VoiceMode.STRUCTURE
    if sent_by_structure(ev):
        return (True, "") if structure_signs else (False, of_phrase(structure_phrase(case)))
    if sent_by_subscriber(ev) and structure_signs:
        return False, of_phrase(voice.member)
    return False, ""


def whose(ev: Event, case: Case, voice: Voice, noun: str, feminine: bool = True) -> str:
    """The step as a noun phrase with its sender, in the letter's voice: « ma lettre
    recommandée », « notre réclamation », « sa réclamation » (the structure of its member's),
    « la lettre recommandée de la CPME du Calvados » (the subscriber's letter about the
    structure's step), « notre lettre recommandée » (the structure's own)."""
    if sent_by_structure(ev):
        if voice.mode is VoiceMode.STRUCTURE:
            return f"notre {noun}"
        return f"{'la' if feminine else 'le'} {noun} {of_phrase(structure_phrase(case))}"
    own = {VoiceMode.PERSON: "ma" if feminine else "mon",
           VoiceMode.COMPANY: "notre", VoiceMode.COUPLE: "notre",
           VoiceMode.STRUCTURE: voice.their if feminine or voice.several else "son"}
    return f"{own[voice.mode]} {noun}"
