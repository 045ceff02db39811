"""Store at scale: a durable save that does not grow with the store, and opening 10,000 cases.

    .venv/bin/python bench/store_scale.py [--sizes 1000,10000,30000] [--rounds 5]
        [--saves 40] [--opens 7] [--before DIR] [--work DIR]

Every figure is printed with its baseline measured in the same run, rounds interleaved
(baseline, this code, the code of ``--before`` if given, then again), as medians and minima:

- durable ``save_case`` at each size (a fresh process per round opens the store, then times
  ``--saves`` saves of random cases; the app's summarizer runs, as in the app), in a
  folder used alone and in shared mode; the longest save and the longest garbage-collector
  pause are reported (goal: none > 50 ms). The summarizer's time inside each save is also
  measured, and the same saves are given without it (« without the app's summary »: the
  store's own part, for information; the goal is on the whole save);
  baseline: SQLite in WAL mode with ``synchronous=FULL``, one upsert of the same case JSON in
  a table of as many rows;
  « with close »: the same saves plus closing the store (or the SQLite connection), which
  brings the files up to date (the case log's checkpoint, SQLite's), per save;
- open + ``list_cases`` of 10,000 cases, the whole process (interpreter, imports, open, list),
  timed from outside; and ``main.py list`` (output to /dev/null), the whole command;
  baseline (the floor): a fresh process that reads and parses the index files and stats every
  case file, nothing else (it drops each shard once parsed; « keeping what it parsed » holds
  them until it exits, as a store must, with the collector paused as the store does: for
  information).

Every process runs with bytecode caches, written once before the first round (as an
installed application has them): a ``PYTHONDONTWRITEBYTECODE`` set in the environment is
removed for the measured processes, otherwise each would compile every module it imports.

``--before DIR``: a checkout of an older version (e.g. ``git worktree add /tmp/before
887591b``) measured in the same rounds on the same data (it must read this layout).
Goals (issue 13): save at 30k ≤ 1.2× save at 1k and ≤ 3× SQLite; open+list ≤ 1.3× the floor;
(issue 12) save at 10k in shared mode ≤ 30 ms median. See docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from dispute.case_list import list_summary  # noqa: E402
from dispute.model import (  # noqa: E402
    Case,
    Counterpart,
    Direction,
    Event,
    EventKind,
    InvoiceLine,
    Line,
    LineKind,
    OperatorRef,
    PostalAddress,
    Subscriber,
    SubscriberKind,
)
from store import CaseStore  # noqa: E402

FIRST = ["Zoé", "Jean-François", "Marie-Hélène", "Loïc", "Agnès", "Benoît", "Cécile", "Jérôme"]
LAST = ["Lefèvre", "Dupré", "Bénard", "Mérieux", "Œhmichen", "Gaudé", "Müller", "Da Silva"]
COMPANIES = ["Boulangerie Gaudé SARL", "Cabinet Bénard & Associés", "Garage de l'Église"]
OPERATORS = ["Orange", "SFR", "Bouygues Telecom", "Free"]
SENTENCES = [
    "Appel au service clients : l'agent promet le rétablissement de la ligne sous 48 heures.",
    "Courrier recommandé avec accusé de réception envoyé au service consommateurs.",
    "Le technicien ne s'est pas présenté au rendez-vous fixé entre 8 h et 13 h.",
    "Facture reçue : 39,99 € prélevés alors que la ligne est coupée depuis trois semaines.",
    "Réponse insatisfaisante : l'opérateur propose un geste commercial de 10 €.",
    "Le numéro a été écrasé lors de l'installation d'un nouvel abonné dans l'immeuble.",
    "Saisine du Médiateur des communications électroniques, dossier n° 2026-04512.",
    "Relance par courriel, sans réponse à ce jour ; le client perd des commandes.",
]


def build_case(rng: random.Random, events: int = 20) -> Case:
    business = rng.random() < 0.5
    name = rng.choice(COMPANIES) if business else f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    start = date(2025, 1, 1) + timedelta(days=rng.randrange(600))
    case = Case(
        subscriber=Subscriber(
            kind=SubscriberKind.BUSINESS if business else SubscriberKind.PRIVATE,
            name=name,
            address=PostalAddress(["12 rue de la République", "Bâtiment B"], "69002", "Lyon"),
            email="contact@example.fr",
            phone="06 12 34 56 78",
        ),
        operator=OperatorRef(directory_id="orange", name=rng.choice(OPERATORS)),
        lines=[Line(number=f"0{rng.randint(1, 9)} {rng.randint(10, 99)} 45 67 89",
                    kind=LineKind.FIXED)],
        summary=" ".join(rng.choice(SENTENCES) for _ in range(6)),
        invoice_lines=[InvoiceLine(invoice_number=f"F{rng.randint(10**6, 10**7)}",
                                   label="Forfait Pro", amount_billed=Decimal("59.99"),
                                   amount_disputed=Decimal("59.99"))],
    )
    for i in range(events):
        case.events.append(Event(
            kind=rng.choice([EventKind.CALL, EventKind.EMAIL, EventKind.LETTER]),
            date=start + timedelta(days=3 * i),
            counterpart=Counterpart.SERVICE_CLIENTS,
            direction=rng.choice(list(Direction)),
            summary=" ".join(rng.choice(SENTENCES) for _ in range(rng.randint(1, 3))),
            reference=f"TICKET-{rng.randint(10**5, 10**6)}",
        ))
    return case


SAVE_PROBE = r"""
import gc, json, random, sys, time
sys.path.insert(0, sys.argv[1])
from store import CaseStore
from dispute.case_list import list_summary
data_dir, saves, seed, shared = sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
kwargs = {"shared": shared == "shared"}
pauses = []
started = {}
def watch(phase, info):
    if phase == "start":
        started["t"] = time.perf_counter()
    elif "t" in started:
        pauses.append(time.perf_counter() - started.pop("t"))
summarising = []
def summarizer(case):  # the app's summarizer, its time inside each save measured apart
    t = time.perf_counter()
    try:
        return list_summary(case)
    finally:
        summarising.append(time.perf_counter() - t)
def open_store():
    try:
        return CaseStore.open(data_dir, summarizer=summarizer, **kwargs)
    except TypeError:  # an older version without shared mode: a folder used alone
        return CaseStore.open(data_dir, summarizer=summarizer)
store = open_store()
ids = sorted(s.id for s in store.list_cases())
rng = random.Random(seed)
for case_id in rng.sample(ids, 3):  # first saves load the codec and the procedure engine
    store.save_case(store.load_case(case_id))
store.close()  # the warm-up saves brought up to date before the measured ones
store = open_store()
gc.callbacks.append(watch)
times = []
summaries = []
for case_id in rng.sample(ids, saves):
    case = store.load_case(case_id)
    case.notes += " Relance téléphonique."
    summarising.clear()
    t = time.perf_counter()
    store.save_case(case)
    times.append(time.perf_counter() - t)
    summaries.append(sum(summarising))
gc.callbacks.remove(watch)
t = time.perf_counter()
store.close()
closing = time.perf_counter() - t
print(json.dumps({"times": times, "gc_max": max(pauses, default=0.0), "close": closing,
                  "summary": summaries}))
"""

SQLITE_PROBE = r"""
import json, random, sqlite3, sys, time
path, saves, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
db = sqlite3.connect(path, isolation_level=None)
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA synchronous=FULL")
ids = [row[0] for row in db.execute("SELECT id FROM cases")]
rng = random.Random(seed)
times = []
for case_id in rng.sample(ids, saves):
    doc = json.loads(db.execute("SELECT doc FROM cases WHERE id = ?", (case_id,)).fetchone()[0])
    doc["notes"] = doc.get("notes", "") + " Relance téléphonique."
    t = time.perf_counter()
    db.execute("INSERT INTO cases (id, doc) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET "
               "doc = excluded.doc", (case_id, json.dumps(doc, ensure_ascii=False)))
    times.append(time.perf_counter() - t)
t = time.perf_counter()
db.close()  # checkpoints the WAL into the database
closing = time.perf_counter() - t
print(json.dumps({"times": times, "gc_max": 0.0, "close": closing}))
"""

OPEN_PROBE = r"""
import sys
sys.path.insert(0, sys.argv[1])
from store import CaseStore
from dispute.case_list import list_summary
store = CaseStore.open(sys.argv[2], summarizer=list_summary)
cases = store.list_cases()
store.close()
print(len(cases))
"""

FLOOR_PROBE = r"""
import json, os, sys
data_dir = sys.argv[1]
keep = sys.argv[2:] == ["keep"]
kept = []
if keep:  # as a store does: no collector scans of what it keeps (docs/store.md)
    import gc
    gc.disable()
index = os.path.join(data_dir, "index")
count = 0
for root, _dirs, files in os.walk(index):
    for name in files:
        if name.endswith((".json", ".jsonl")):
            with open(os.path.join(root, name), "rb") as fh:
                raw = fh.read()
            if name.endswith(".json"):
                kept.append(json.loads(raw)) if keep else json.loads(raw)
            else:
                [json.loads(line) for line in raw.splitlines() if line]
cases = os.path.join(data_dir, "cases")
for prefix in os.scandir(cases):
    for entry in os.scandir(prefix.path):
        entry.stat()
        count += 1
print(count)
"""


def build_store(data_dir: Path, size: int) -> None:
    rng = random.Random(20261122)
    with CaseStore.open(data_dir, durable=False, summarizer=list_summary,
                        shared=False) as store:
        for _ in range(size - len(store.list_cases())):
            store.save_case(build_case(rng))
    if hasattr(os, "sync"):
        os.sync()  # measure a store at rest, not the writeback of the build


def build_sqlite(path: Path, data_dir: Path) -> None:
    if path.exists():
        return
    from store.layout import CASES_DIR

    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE cases (id TEXT PRIMARY KEY, doc TEXT NOT NULL)")
    db.execute("BEGIN")
    for file in sorted((data_dir / CASES_DIR).glob("*/*.json")):
        doc = json.loads(file.read_text(encoding="utf-8"))["case"]["1"]
        db.execute("INSERT INTO cases VALUES (?, ?)", (doc["id"], json.dumps(doc)))
    db.execute("COMMIT")
    db.close()


ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def warm_bytecode(*roots: Path) -> None:
    """Write the bytecode caches of the measured code once, as an installation has them."""
    for root in roots:
        for package in ("store", "dispute", "cli", "documents"):
            if (root / package).is_dir():
                subprocess.run([sys.executable, "-m", "compileall", "-q", str(root / package)],
                               capture_output=True, env=ENV, check=False)


def run_json(argv: list[str]) -> dict:
    out = subprocess.run(argv, capture_output=True, text=True, check=True, env=ENV).stdout
    return json.loads(out)


def wall(argv: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True,
                   env=ENV)
    return time.perf_counter() - t


def children_cpu() -> float:
    """Seconds of CPU used so far by the child processes waited for (POSIX)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def summary(values: list[float]) -> str:
    return f"median {statistics.median(values) * 1000:7.1f} ms, min {min(values) * 1000:7.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,30000")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--saves", type=int, default=40)
    parser.add_argument("--opens", type=int, default=7)
    parser.add_argument("--before", type=Path, help="checkout of an older version to compare")
    parser.add_argument("--work", type=Path,
                        help="build in this folder and keep it (reused by the next run)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    work = args.work or Path(tempfile.mkdtemp(prefix="store-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    py = sys.executable
    print(f"Python {platform.python_version()} on {platform.platform()}, "
          f"SQLite {sqlite3.sqlite_version}, folder {work}")
    contenders = [("this code", ROOT, "alone"), ("this code", ROOT, "shared")]
    if args.before:
        contenders.append(("before", args.before.resolve(), "alone"))
    warm_bytecode(ROOT, *([args.before.resolve()] if args.before else []))
    results: dict[int, dict[str, dict[str, list[float]]]] = {size: {} for size in sizes}
    for size in sizes:
        t = time.perf_counter()
        build_store(work / f"data-{size}", size)
        build_sqlite(work / f"sqlite-{size}.db", work / f"data-{size}")
        if not (work / f"data-{size}-shared").exists():
            # Shared mode in a copy: its ledger and the "shared" flag it records stay out of
            # the folder the other contenders and the open + list figures use.
            shutil.copytree(work / f"data-{size}", work / f"data-{size}-shared",
                            symlinks=True)
        print(f"{size} cases ready in {time.perf_counter() - t:.0f} s")
    # Every round measures every size and every contender, so that the load of the machine
    # (shared with other work) weighs on all of them alike.
    for round_ in range(args.rounds):
        for size in sizes:
            data_dir = work / f"data-{size}"
            seed = 1000 * size + round_
            runs = [("SQLite WAL FULL", [py, "-c", SQLITE_PROBE, str(work / f"sqlite-{size}.db"),
                                         str(args.saves), str(seed)])]
            for name, root, mode in contenders:
                folder = work / f"data-{size}-shared" if mode == "shared" else data_dir
                runs.append((f"{name} ({mode})",
                             [py, "-c", SAVE_PROBE, str(root), str(folder), str(args.saves),
                              str(seed), mode]))
            if round_ % 2:
                runs.reverse()
            for label, argv in runs:
                out = run_json(argv)
                entry = results[size].setdefault(
                    label, {"medians": [], "all": [], "gc": [], "with_close": [], "own": []})
                entry["medians"].append(statistics.median(out["times"]))
                if "summary" in out:
                    entry["own"].append(statistics.median(
                        [t - s for t, s in zip(out["times"], out["summary"])]))
                entry["all"].extend(out["times"])
                entry["gc"].append(out["gc_max"])
                entry["with_close"].append(
                    (sum(out["times"]) + out.get("close", 0.0)) / len(out["times"]))
    for size in sizes:
        figures = results[size]
        print(f"\n{size} cases")
        for label, entry in figures.items():
            print(f"  save, {label:24s}: {summary(entry['medians'])} (medians of "
                  f"{args.rounds} rounds), longest {max(entry['all']) * 1000:.1f} ms, "
                  f"longest GC pause {max(entry['gc']) * 1000:.1f} ms")
        base = statistics.median(figures["SQLite WAL FULL"]["medians"])
        base_min = min(figures["SQLite WAL FULL"]["medians"])
        for label, entry in figures.items():
            if label != "SQLite WAL FULL":
                print(f"  {label:30s} / SQLite: "
                      f"{statistics.median(entry['medians']) / base:.2f}x "
                      f"(minima {min(entry['medians']) / base_min:.2f}x)")
        for label, entry in figures.items():  # the same saves, the app's summary taken out
            if entry["own"]:
                print(f"  {label:30s} without the app's summary: "
                      f"{summary(entry['own'])}, "
                      f"{statistics.median(entry['own']) / base:.2f}x SQLite "
                      f"(minima {min(entry['own']) / base_min:.2f}x)")
        closing = figures["SQLite WAL FULL"]["with_close"]
        for label, entry in figures.items():
            print(f"  with close, per save, {label:24s}: {summary(entry['with_close'])}"
                  + ("" if label == "SQLite WAL FULL" else
                     f"   {statistics.median(entry['with_close']) / statistics.median(closing):.2f}x"
                     f" SQLite's"))

    if len(sizes) > 1:
        small, large = min(sizes), max(sizes)
        print()
        for label in results[large]:
            if label == "SQLite WAL FULL":
                continue
            ratio = (statistics.median(results[large][label]["medians"])
                     / statistics.median(results[small][label]["medians"]))
            print(f"save at {large} / save at {small}, {label}: {ratio:.2f}x")

    open_size = 10_000 if 10_000 in sizes else max(sizes)
    data_dir = work / f"data-{open_size}"
    # A folder used alone (one left shared by an older version of this bench is turned back).
    CaseStore.open(data_dir, durable=False, shared=False).close()
    print(f"\nopen + list_cases, {open_size} cases, whole process ({args.opens} rounds):")
    timings: dict[str, list[float]] = {}
    probes = [("floor: read index + stat cases", [py, "-c", FLOOR_PROBE, str(data_dir)]),
              ("floor keeping what it parsed", [py, "-c", FLOOR_PROBE, str(data_dir),
                                                "keep"]),
              ("this code", [py, "-c", OPEN_PROBE, str(ROOT), str(data_dir)]),
              ("this code, main.py list", [py, str(ROOT / "main.py"), "--data-dir",
                                           str(data_dir), "list"])]
    if args.before:
        before = args.before.resolve()
        probes.append(("before", [py, "-c", OPEN_PROBE, str(before), str(data_dir)]))
        probes.append(("before, main.py list", [py, str(before / "main.py"), "--data-dir",
                                                str(data_dir), "list"]))
    for label, argv in probes:
        wall(argv)  # warm the page cache and the bytecode caches
    cpu: dict[str, list[float]] = {}
    for round_ in range(args.opens):
        for label, argv in (probes if round_ % 2 == 0 else list(reversed(probes))):
            used = children_cpu()
            timings.setdefault(label, []).append(wall(argv))
            cpu.setdefault(label, []).append(children_cpu() - used)
    for figures, what in ((timings, "wall"), (cpu, "CPU (user + system)")):
        # CPU times: what the other processes of a shared machine disturb least.
        print(f" {what}:")
        floor = statistics.median(figures["floor: read index + stat cases"])
        floor_min = min(figures["floor: read index + stat cases"])
        for label, values in figures.items():
            print(f"  {label:32s}: {summary(values)}   "
                  f"{statistics.median(values) / floor:.2f}x the floor "
                  f"(minima {min(values) / floor_min:.2f}x)")
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
