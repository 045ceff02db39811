"""The Bilan over 10,000 cases: time and memory, against reading the index in the same run.

    .venv/bin/python bench/bilan.py [--cases 10000] [--runs 5] [--keep DIR]

Builds a store of ``--cases`` cases (bench/store_scale.py's cases, ~20 events each, plus
natures, a structure for the businesses and an outcome for two cases in three; durable=False
for speed), then, in fresh processes (``--runs`` of them), measures:

- the baseline: ``CaseStore.open`` + ``list_cases`` (reading the index: what opening the main
  window costs);
- ``build_bilan`` over those summaries for one year (the figures, the tables and charts);
- the XLSX (one row per case), the CSV, the PDF and the anonymised export, each once;
- the process's peak memory (ru_maxrss).

Prints medians and minima, and the ratio of the Bilan to the baseline. Targets (issue 14):
the Bilan <= 2 s and <= 300 MiB. docs/benchmarks.md records a run.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.store_scale import build_case  # noqa: E402
from dispute.case_list import list_summary  # noqa: E402
from dispute.model import (  # noqa: E402
    CaseStatus,
    Counterpart,
    DisputeNature,
    Event,
    EventKind,
    HandlingStructure,
    Outcome,
    OutcomeResult,
    SettlementRoute,
    SubscriberKind,
    TaxBasis,
)
from dispute.outcome import STATUS_OF_RESULT  # noqa: E402
from store import CaseStore  # noqa: E402

OPERATORS = [("orange", "Orange"), ("sfr", "SFR"), ("bouygues", "Bouygues Telecom"),
             ("free", "Free"), ("", "Coriolis Télécom")]
POSTCODES = ["69002", "14000", "20090", "20200", "97411", "75011", "13001", "59000"]

PROBE = """
import json, resource, sys, time
from datetime import date
sys.path.insert(0, sys.argv[2])
t0 = time.perf_counter()
from store import CaseStore
from dispute.case_list import list_summary
store = CaseStore.open(sys.argv[1], summarizer=list_summary)
summaries = store.list_cases()
t1 = time.perf_counter()
from dispute.bilan import Period, build_bilan
from documents.bilan_report import bilan_charts, bilan_tables
bilan = build_bilan(summaries, Period(date(2026, 1, 1), date(2026, 12, 31)),
                    today=date(2026, 12, 31))
bilan_tables(bilan); bilan_charts(bilan)
t2 = time.perf_counter()
rss_bilan = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
out = {"index": t1 - t0, "bilan": t2 - t1, "cases": len(summaries), "scope": bilan.in_scope}
if sys.argv[3] == "files":
    from documents import bilan_files
    from dispute.anonymised import HEADER, anonymised_rows
    for name, make in (("xlsx", bilan_files.bilan_xlsx_bytes), ("csv", bilan_files.bilan_csv_bytes),
                       ("pdf", bilan_files.bilan_pdf_bytes),
                       ("anon", lambda b: bilan_files.rows_csv_bytes(HEADER, anonymised_rows(b)))):
        t = time.perf_counter()
        make(bilan)
        out[name] = time.perf_counter() - t
store.close()
scale = 1024 * 1024 if sys.platform == "darwin" else 1024
out["peak_bilan_mib"] = rss_bilan / scale
out["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale
print(json.dumps(out))
"""


def decorate(case, rng: random.Random) -> None:
    """Natures, operator, structure, creation date and (two cases in three) an outcome."""
    op_id, op_name = rng.choice(OPERATORS)
    case.operator.directory_id, case.operator.name = op_id, op_name
    case.natures = rng.sample(list(DisputeNature), rng.randint(1, 2))
    case.subscriber.address.postcode = rng.choice(POSTCODES)
    first = min(e.date for e in case.events)
    case.created_at = datetime.combine(first, datetime.min.time(), UTC)
    if case.subscriber.kind is SubscriberKind.BUSINESS:
        case.handling_structure = HandlingStructure(name=rng.choice(
            ["CPME du Calvados", "CPME Rhône", "CPME 13"]))
    if rng.random() < 0.3:
        case.events.append(Event(kind=EventKind.SAISINE, date=first + timedelta(days=70),
                                 counterpart=rng.choice([Counterpart.MEDIATOR,
                                                         Counterpart.CPME])))
    if rng.random() < 0.66:
        result = rng.choice(list(OutcomeResult))
        claimed = Decimal(rng.randint(20, 900))
        case.outcome = Outcome(
            result=result, amount_claimed=claimed,
            amount_obtained=(claimed if result is OutcomeResult.FULL else
                             (claimed / 2).quantize(Decimal("0.01"))
                             if result is OutcomeResult.PARTIAL else None),
            tax_basis=rng.choice(list(TaxBasis)),
            date=max(e.date for e in case.events) + timedelta(days=rng.randint(1, 60)),
            route=rng.choice(list(SettlementRoute)))
        case.status = STATUS_OF_RESULT[result]
    else:
        case.status = CaseStatus.OPEN


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="bilan-bench-"))
    data_dir = work / "data"
    print(f"Python {platform.python_version()} on {platform.platform()}, folder {work}")
    rng = random.Random(20261202)
    t = time.perf_counter()
    with CaseStore.open(data_dir, durable=False, summarizer=list_summary) as store:
        have = len(store.list_cases())
        for _ in range(args.cases - have):
            case = build_case(rng)
            decorate(case, rng)
            store.save_case(case)
    print(f"store of {args.cases} cases ready in {time.perf_counter() - t:.1f} s")

    runs = []
    for i in range(args.runs):
        mode = "files" if i == 0 else "figures"
        out = subprocess.run([sys.executable, "-c", PROBE, str(data_dir), str(ROOT), mode],
                             capture_output=True, text=True, check=True).stdout
        runs.append(json.loads(out))
    index = [r["index"] for r in runs]
    bilan = [r["bilan"] for r in runs]
    print(f"\n{runs[0]['cases']} cases, {runs[0]['scope']} in the year's scope, "
          f"{len(runs)} fresh processes")
    print(f"baseline, open the store and read the index: median {statistics.median(index):.3f} s,"
          f" min {min(index):.3f} s")
    print(f"Bilan (figures, tables, charts):          median {statistics.median(bilan):.3f} s,"
          f" min {min(bilan):.3f} s  (target <= 2 s)")
    ratio = statistics.median(bilan) / statistics.median(index)
    print(f"ratio Bilan / baseline: median {ratio:.2f}, min {min(bilan) / min(index):.2f}")
    print(f"peak memory after the Bilan: max {max(r['peak_bilan_mib'] for r in runs):.0f} MiB "
          "(target <= 300 MiB)")
    files = runs[0]
    print(f"files (once): XLSX {files['xlsx']:.2f} s, CSV {files['csv']:.2f} s, "
          f"PDF {files['pdf']:.2f} s, anonymised CSV {files['anon']:.2f} s; "
          f"peak with the files {files['peak_mib']:.0f} MiB")


if __name__ == "__main__":
    main()
