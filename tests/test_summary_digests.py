"""The case list's summaries stay byte-identical when the engine's list path is made faster.

``tests/fixtures/summary_digests.json`` holds the SHA-256 of each summary (JSON, keys sorted)
computed by the code before the speed-ups of issue 13 (2026-12-03): the examples read on
several days, 300 cases of the store benchmark (``bench/store_scale.build_case``) and 300
random cases of every kind of event (``tests/test_case_list_summary.random_case``). A change
that alters one summary's content must bump ``SUMMARY_VERSION`` and regenerate the digests:
``python tests/test_summary_digests.py --write``.
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "summary_digests.json"
DAYS = [date(2025, 3, 1), date(2026, 2, 28), date(2026, 12, 3), date(2028, 2, 29)]


def _digest(summary: dict) -> str:
    text = json.dumps(summary, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def digests() -> dict[str, str]:
    sys.path.insert(0, str(ROOT / "bench"))
    sys.path.insert(0, str(ROOT / "tests"))
    from store_scale import build_case
    from test_case_list_summary import random_case

    from dispute.case_list import list_summary
    from store.casefile import read_case_file

    out: dict[str, str] = {}
    for folder in sorted(p for p in (ROOT / "examples").iterdir() if (p / "case.json").is_file()):
        case = read_case_file(folder).case
        first = min(e.date for e in case.events if e.date)
        for k in range(0, 400, 7):
            day = first + timedelta(days=k)
            out[f"example {folder.name} {day}"] = _digest(list_summary(case, day))
    rng = random.Random(20261203)
    for i in range(300):
        case = build_case(rng, events=rng.randint(0, 30))
        out[f"bench {i}"] = _digest(list_summary(case, rng.choice(DAYS)))
    rng = random.Random(13)
    for i in range(300):
        case = random_case(rng)
        out[f"random {i}"] = _digest(list_summary(case, rng.choice(DAYS)))
    return out


def test_summaries_unchanged():
    expected = json.loads(FIXTURE.read_text(encoding="utf-8"))
    actual = digests()
    assert actual.keys() == expected.keys()
    changed = [key for key in expected if actual[key] != expected[key]]
    assert not changed, f"{len(changed)} résumés changés, dont {changed[:5]}"


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        FIXTURE.write_text(json.dumps(digests(), indent=0, sort_keys=True) + "\n",
                           encoding="utf-8")
