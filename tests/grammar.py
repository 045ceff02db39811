"""French grammar checking of generated text with Grammalecte (issue 10, point 7).

Grammalecte is Debian's ``python3-grammalecte``, installed for the system Python (in
/usr/lib/python3/dist-packages), not in the project's virtual environment. It is run in a
subprocess of the system Python rather than by adding that folder to ``sys.path``: the folder
holds every other Debian Python package, whose versions would then shadow or clash with the
venv's (lxml, PIL, ...). One subprocess checks a whole batch of texts (loading the
dictionary takes about a second).

Typography options are off (apostrophes, no-break spaces, spaces, units, ligatures...): the
letters' typography is tested on its own (``fr_typography``); what is checked here is the
grammar (agreement, conjugation, confusions, elisions, locutions...).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

SYSTEM_PYTHON = "/usr/bin/python3"

TYPOGRAPHY_OFF = ("apos", "nbsp", "esp", "typo", "num", "unit", "tab", "liga", "eepi", "chim",
                  "mapos", "ocr", "mc", "poncfin", "html", "latex", "redon1", "redon2",
                  "idrule", "maj", "minis")

_WORKER = r"""
import json, sys
import grammalecte
checker = grammalecte.GrammarChecker("fr")
engine = checker.getGCEngine()
engine.setOptions({name: False for name in json.loads(sys.argv[1])})
out = []
for text in json.load(sys.stdin):
    errors = []
    for paragraph in text.split("\n"):
        for e in engine.parse(paragraph, "FR", False):
            errors.append({"rule": e["sRuleId"], "type": e["sType"], "message": e["sMessage"],
                           "found": paragraph[e["nStart"]:e["nEnd"]],
                           "context": paragraph[max(0, e["nStart"] - 40):e["nEnd"] + 40],
                           "suggestions": list(e.get("aSuggestions", []))[:3]})
    out.append(errors)
json.dump(out, sys.stdout, ensure_ascii=False)
"""


@dataclass(frozen=True)
class GrammarError:
    rule: str
    type: str
    message: str
    found: str
    context: str
    suggestions: tuple[str, ...]

    def __str__(self) -> str:
        return (f"« {self.found} » [{self.rule}] {self.message} — suggestions "
                f"{list(self.suggestions)} — …{self.context}…")


def unavailable_reason() -> str | None:
    """Why Grammalecte cannot run here (None when it can)."""
    if not Path(SYSTEM_PYTHON).exists() and shutil.which("python3") is None:
        return "Python système absent : Grammalecte ne peut pas être lancé"
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import grammalecte"], capture_output=True,
                           timeout=60, check=False)
    if probe.returncode != 0:
        return ("Grammalecte (paquet Debian python3-grammalecte) n'est pas installé pour le "
                "Python système : vérification grammaticale ignorée")
    return None


def check_texts(texts: list[str]) -> list[list[GrammarError]]:
    """The grammar errors of each text (its lines checked as paragraphs)."""
    result = subprocess.run([SYSTEM_PYTHON, "-c", _WORKER, json.dumps(TYPOGRAPHY_OFF)],
                            input=json.dumps(texts), capture_output=True, text=True,
                            timeout=600, check=True)
    return [[GrammarError(e["rule"], e["type"], e["message"], e["found"], e["context"],
                          tuple(e["suggestions"])) for e in errors]
            for errors in json.loads(result.stdout)]
