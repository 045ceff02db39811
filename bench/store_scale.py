"""Store at scale: 10,000 cases of ~20 events each.

    .venv/bin/python bench/store_scale.py [--cases 10000] [--saves 60] [--keep DIR]

Builds the store (durable=False, for speed), then measures with durable=True:
- the time of one ``save_case`` (median and p90 over ``--saves`` saves of random cases);
- the time to open the store to a usable case list (``CaseStore.open`` + ``list_cases``) in a
  fresh subprocess, median of 5 runs, and the peak memory of that subprocess (ru_maxrss);
- one verified backup;
- as a baseline, one update of a single-file TinyDB (stock JSONStorage) holding the same cases.
Figures are for a warm page cache (the files were just written). See docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
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

from tinydb import TinyDB  # noqa: E402, TID251  (baseline only: stock single-file TinyDB)
from tinydb.storages import JSONStorage  # noqa: E402, TID251

from dispute.codec import case_to_dict  # noqa: E402
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
from dispute.case_list import list_summary  # noqa: E402
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


OPEN_PROBE = """
import json, resource, sys, time
t0 = time.perf_counter()
sys.path.insert(0, sys.argv[2])
from store import CaseStore
from dispute.case_list import list_summary
t1 = time.perf_counter()
store = CaseStore.open(sys.argv[1], summarizer=list_summary)
cases = store.list_cases()
t2 = time.perf_counter()
store.close()
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
scale = 1024 * 1024 if sys.platform == "darwin" else 1024
print(json.dumps({"import": t1 - t0, "open_list": t2 - t1, "cases": len(cases),
                  "peak_mib": rss / scale}))
"""


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--saves", type=int, default=60)
    parser.add_argument("--opens", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    args = parser.parse_args()
    rng = random.Random(20261122)
    work = args.keep or Path(tempfile.mkdtemp(prefix="store-bench-"))
    data_dir = work / "data"
    print(f"Python {platform.python_version()} on {platform.platform()}, folder {work}")

    t = time.perf_counter()
    ids = []
    # The app's summarizer (procedure engine → cached stage and deadlines) runs on every save.
    with CaseStore.open(data_dir, durable=False, summarizer=list_summary) as store:
        existing = {s.id for s in store.list_cases()}
        ids.extend(existing)
        for _ in range(args.cases - len(existing)):
            ids.append(store.save_case(build_case(rng)).id)
    if hasattr(os, "sync"):
        os.sync()  # measure a store at rest, not the writeback of the build
    build_s = time.perf_counter() - t
    size_mib = sum(p.stat().st_size for p in (data_dir / "cases").rglob("*.json")) / 2**20
    print(f"built {len(ids)} cases in {build_s:.1f} s ({size_mib:.0f} MiB of case files)")

    save_times, load_times = [], []
    with CaseStore.open(data_dir, durable=True, summarizer=list_summary) as store:
        for case_id in rng.sample(ids, args.saves):
            t = time.perf_counter()
            case = store.load_case(case_id)
            load_times.append(time.perf_counter() - t)
            case.notes += " Relance téléphonique."
            t = time.perf_counter()
            store.save_case(case)
            save_times.append(time.perf_counter() - t)
        t = time.perf_counter()
        backup_path = store.backup()
        backup_s = time.perf_counter() - t
        backup_mib = backup_path.stat().st_size / 2**20

    opens = []
    for _ in range(args.opens):
        t = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", OPEN_PROBE, str(data_dir), str(ROOT)],
                             capture_output=True, text=True, check=True).stdout
        wall = time.perf_counter() - t
        opens.append({**json.loads(out), "wall": wall})

    baseline_file = work / "single.json"
    docs = [case_to_dict(build_case(random.Random(i))) for i in range(len(ids))]
    single = TinyDB(baseline_file, storage=JSONStorage)
    single.truncate()
    single.insert_multiple(docs)
    del docs
    single_times = []
    for doc_id in random.Random(1).sample(range(1, len(ids) + 1), 3):
        t = time.perf_counter()
        single.update({"notes": "Relance téléphonique."}, doc_ids=[doc_id])
        single_times.append(time.perf_counter() - t)
    single.close()
    single_mib = baseline_file.stat().st_size / 2**20

    save_med = statistics.median(save_times)
    open_med = statistics.median(o["open_list"] for o in opens)
    wall_med = statistics.median(o["wall"] for o in opens)
    peak = max(o["peak_mib"] for o in opens)
    single_med = statistics.median(single_times)
    print()
    print(f"save_case, durable ({len(save_times)} saves): median {save_med * 1000:.1f} ms, "
          f"p90 {percentile(save_times, 0.9) * 1000:.1f} ms, "
          f"max {max(save_times) * 1000:.1f} ms   (target <= 30 ms median)")
    print(f"load_case: median {statistics.median(load_times) * 1000:.1f} ms")
    print(f"open + list_cases in a fresh process ({len(opens)} runs, {opens[0]['cases']} cases): "
          f"median {open_med * 1000:.0f} ms (whole process incl. interpreter and imports "
          f"{wall_med * 1000:.0f} ms)   (target <= 1 s)")
    print(f"peak memory of that process (ru_maxrss): {peak:.0f} MiB   (target <= 300 MiB)")
    print(f"backup (zip + check), durable: {backup_s:.1f} s, {backup_mib:.1f} MiB")
    print(f"baseline, single-file TinyDB ({single_mib:.0f} MiB): one update median "
          f"{single_med * 1000:.0f} ms over {len(single_times)} -> "
          f"{single_med / save_med:.0f}x the store's save")
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
