"""Crash-test writer: saves cases in a loop and acknowledges each save on stdout.

    python tests/crash_writer.py DATA_DIR SEED

For each save it prints ``ACK <case id> <revision>`` (flushed) after ``save_case`` returned.
``STORE_CRASH_SHARED=1`` opens the folder in shared mode; ``STORE_CRASH_EXHIBITS=1`` adds an
exhibit (a fresh file) to every third save.
The content of a case at revision N is ``expected_content(case_id, N)``: the test that kills
this process checks that every stored case equals the content of its stored revision.
Imports only ``store`` and ``dispute`` (no Qt).
"""

from __future__ import annotations

import hashlib
import os
import random
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from dispute.model import Case, Event, EventKind, Line, Subscriber  # noqa: E402
from store import CaseNotFoundError, CaseStore  # noqa: E402

CASE_IDS = [f"crash{n:02d}abcdef" for n in range(6)]


def expected_content(case_id: str, revision: int) -> dict:
    """Deterministic content of ``case_id`` at ``revision``; sizes vary with the revision."""
    seed = hashlib.sha256(f"{case_id}:{revision}".encode()).hexdigest()
    rng = random.Random(seed)
    words = ["résiliation", "Œuvre", "facture", "12,50 €", "ligne", "coupée", "🙂", "appel"]
    return {
        "name": f"Abonné {case_id} révision {revision}",
        "summary": " ".join(rng.choice(words) for _ in range(rng.randint(1, 400))) + seed,
        "notes": seed * rng.randint(0, 40),
        "events": [f"Événement {revision}.{i} {seed[:i]}" for i in range(rng.randint(0, 25))],
        "line": f"06 {revision % 100:02d} 00 00 00",
    }


def apply_content(case: Case, revision: int) -> None:
    content = expected_content(case.id, revision)
    case.subscriber = Subscriber(name=content["name"])
    case.summary = content["summary"]
    case.notes = content["notes"]
    case.events = [
        Event(id=f"e{i}", kind=EventKind.CALL, date=date(2026, 1, 1), summary=text)
        for i, text in enumerate(content["events"])
    ]
    case.lines = [Line(number=content["line"])]


def content_of(case: Case) -> dict:
    return {
        "name": case.subscriber.name,
        "summary": case.summary,
        "notes": case.notes,
        "events": [e.summary for e in case.events],
        "line": case.lines[0].number if case.lines else None,
    }


def main(data_dir: str, seed: str) -> None:
    rng = random.Random(seed)
    shared = os.environ.get("STORE_CRASH_SHARED") == "1"
    exhibits = os.environ.get("STORE_CRASH_EXHIBITS") == "1"
    source = Path(data_dir).parent / f"exhibit-{seed}.bin"
    with CaseStore.open(Path(data_dir), shared=shared) as store:
        while True:
            case_id = rng.choice(CASE_IDS)
            try:
                case = store.load_case(case_id)
            except CaseNotFoundError:
                case = Case(id=case_id)
            apply_content(case, case.revision + 1)
            if exhibits and rng.random() < 1 / 3:
                source.write_bytes(os.urandom(rng.randint(1, 300_000)))
                store.add_exhibit(case, source, title=f"Pièce {case.revision + 1}")
            saved = store.save_case(case)
            sys.stdout.write(f"ACK {saved.id} {saved.revision}\n")
            sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
