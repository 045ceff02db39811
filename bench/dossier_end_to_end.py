"""End-to-end benchmark of documents.dossier.build_dossier (figures in docs/dossier.md).

    .venv/bin/python bench/dossier_end_to_end.py [--runs 7] [--large-runs 3] [--large-mib 300]

(a) typical case: 20 events, 10 exhibits totalling 5 MiB (3 real PDFs drawn with reportlab,
    4 random-bytes "jpg", 3 texts): letters (documents.letters if present, else two letters
    passed in) + chronology + index + zip, end to end; median of N runs (target ≤ 1 s).
(b) large case: 300 events, 150 exhibits totalling 300 MiB (mostly incompressible): build_dossier
    in a subprocess against Info-ZIP ``zip -0 -q -r`` of the same exhibit files, alternated in
    the same run (target ≤ 1.5×). Peak memory (target ≤ 300 MiB): the build process and its
    render worker processes together (their RSS summed, sampled every 5 ms from /proc), since
    wait4's ru_maxrss only gives the largest single process.

Data goes to a temporary folder, removed at the end.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from dispute.codec import case_from_dict, case_to_dict
from dispute.model import (
    AnswerOutcome,
    Case,
    Contract,
    Counterpart,
    Direction,
    DisputeNature,
    Event,
    EventKind,
    Exhibit,
    Line,
    RegisteredMail,
    SubscriberKind,
)
from documents.exhibits import sha256_file

MIB = 1024 * 1024
TODAY = date(2026, 11, 22)
TARGET_TYPICAL_S = 1.0
TARGET_RATIO = 1.5
TARGET_RSS_MIB = 300
_LOREM = ("Le 3 janvier 2026, l'abonné a appelé le service clients : la ligne est coupée depuis "
          "le 28 décembre, le technicien n'est pas venu au rendez-vous fixé. ")


# -- data -----------------------------------------------------------------------------------
def _write_random(path: Path, size: int, rng: random.Random) -> None:
    with open(path, "wb") as f:
        left = size
        while left:
            n = min(left, 4 * MIB)
            f.write(rng.randbytes(n))
            left -= n


def _write_pdf(path: Path, pages: int) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for page in range(pages):
        y = 800
        for line in range(60):
            c.drawString(40, y, f"{page + 1}.{line + 1} {_LOREM[:90]}")
            y -= 13
        c.showPage()
    c.save()


def make_case(folder: Path, n_events: int, n_exhibits: int, total_bytes: int,
              seed: int = 1) -> tuple[Case, dict[str, Path]]:
    """A case with ``n_events`` events and ``n_exhibits`` exhibit files in ``folder``:
    3 real PDFs (2 to 4 pages), 3 texts, the rest random bytes sharing the remaining size."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    exhibits: list[Exhibit] = []
    paths: dict[str, Path] = {}
    for i in range(1, n_exhibits + 1):
        if i <= 3:
            path = folder / f"x{i:03d}.pdf"
            _write_pdf(path, 1 + i)
            title = f"Lettre recommandée n° {i} au service clients"
        elif i <= 6:
            path = folder / f"x{i:03d}.txt"
            path.write_text(_LOREM * (40 * i), encoding="utf-8")
            title = f"Courriel de l'opérateur n° {i}"
        else:
            path = folder / f"x{i:03d}.jpg"
            used = sum(p.stat().st_size for p in paths.values())
            left = max(1, total_bytes - used)
            remaining = n_exhibits - i + 1
            size = max(1024, int(left / remaining * rng.uniform(0.7, 1.3))) \
                if remaining > 1 else max(1024, left)
            _write_random(path, size, rng)
            title = f"Photo de la box n° {i}"
        x = Exhibit(number=i, title=title, date=date(2026, 1, 1) + timedelta(days=i % 300),
                    original_name=path.name, stored_name=path.name, size=path.stat().st_size,
                    sha256=sha256_file(path))
        exhibits.append(x)
        paths[x.id] = path
    kinds = [EventKind.CALL, EventKind.REGISTERED_LETTER, EventKind.EMAIL, EventKind.ANSWER,
             EventKind.CHAT]
    events = []
    start = date(2026, 1, 5)
    for k in range(n_events):
        kind = kinds[k % len(kinds)]
        d = start + timedelta(days=(k * 3) % 300)
        counterpart = Counterpart.SERVICE_CLIENTS if k < n_events // 2 \
            else Counterpart.SERVICE_CONSOMMATEURS
        events.append(Event(
            kind=kind, date=d, counterpart=counterpart,
            direction=Direction.INCOMING if kind is EventKind.ANSWER else Direction.OUTGOING,
            written=kind in (EventKind.REGISTERED_LETTER, EventKind.EMAIL, EventKind.ANSWER),
            summary=f"Étape {k + 1} : {_LOREM}",
            reference=f"DOS-{k:04d}",
            outcome=AnswerOutcome.UNSATISFACTORY if kind is EventKind.ANSWER else None,
            registered=RegisteredMail(f"1A {k:03d} 000 {k:04d} 1", d, d + timedelta(2),
                                      d + timedelta(3))
            if kind is EventKind.REGISTERED_LETTER else None,
            exhibit_ids=[exhibits[k % n_exhibits].id, exhibits[(k * 7) % n_exhibits].id]))
    case = Case(events=events, exhibits=exhibits, natures=[DisputeNature.OUTAGE],
                summary="Panne de la ligne fibre depuis le 28 décembre 2025. " * 5)
    case.subscriber.kind = SubscriberKind.PRIVATE
    case.subscriber.name = "Claire Fontaine"
    case.subscriber.address.street_lines = ["8 allée des Glycines"]
    case.subscriber.address.postcode, case.subscriber.address.city = "37100", "Tours"
    case.operator.name = "Bouygues Télécom"
    case.operator.directory_id = "bouygues"
    case.lines = [Line(number="01 99 00 41 27")]
    case.contract = Contract(contract_number="CTR-1", customer_number="99004127")
    return case, paths


def explicit_letters():
    """Two letters (cover + summary) when documents.letters is not available."""
    from documents.content import BulletList, Heading, Letter, Paragraph, Signature

    body = (Paragraph.of("Je vous saisis du litige qui m'oppose à mon opérateur. " * 6),
            Heading("Démarches"), BulletList.of(*[f"Étape {i}" for i in range(8)]))
    common = dict(sender=("Claire Fontaine", "8 allée des Glycines", "37100 TOURS"),
                  recipient=("Médiateur des communications électroniques", "CS 30342",
                             "94257 GENTILLY CEDEX"),
                  place_and_date="Tours, le 22 novembre 2026",
                  signature=Signature("Claire Fontaine"))
    return [("Saisine du médiateur", Letter(subject="Saisine du médiateur", body=body, **common)),
            ("Résumé du litige", Letter(subject="Résumé du litige", body=body, **common))]


def letters_argument():
    try:
        import documents.letters  # noqa: F401
        return None, "documents.letters"
    except ImportError:
        return explicit_letters(), "2 lettres passées explicitement (documents.letters absent)"


# -- runs -----------------------------------------------------------------------------------
def run_build(case: Case, paths: dict[str, Path], out: Path, letters) -> float:
    return run_build_detail(case, paths, out, letters)[0]


def run_build_detail(case: Case, paths: dict[str, Path], out: Path, letters
                     ) -> tuple[float, dict[str, float]]:
    from documents.dossier import build_dossier

    started = time.perf_counter()
    result = build_dossier(case, paths, out, today=TODAY, target="mediator", letters=letters)
    return time.perf_counter() - started, result.durations


def child(spec_path: Path) -> None:
    """Subprocess entry: build the dossier described by a JSON spec, print the seconds."""
    spec = json.loads(spec_path.read_text(encoding="utf-8"))
    case = case_from_dict(spec["case"])
    paths = {k: Path(v) for k, v in spec["paths"].items()}
    letters, _ = letters_argument()
    elapsed, durations = run_build_detail(case, paths, Path(spec["out"]), letters)
    print(json.dumps({"seconds": elapsed, "durations": durations}))


def _tree_rss_kib(root: int) -> int:
    """Resident memory (KiB) of ``root`` and all its descendants (Linux /proc; 0 elsewhere)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    try:
        pids = [int(n) for n in os.listdir("/proc") if n.isdigit()]
    except OSError:
        return 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(pid)
            rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE") // 1024
        except (OSError, ValueError, IndexError):
            continue
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack += children.get(pid, [])
    return total


def _rss_mib_of(cmd: list[str], cwd: Path | None = None) -> tuple[float, float, str, float]:
    """Run ``cmd``: seconds, its ru_maxrss (MiB), its stdout, and the peak of the summed
    resident memory of it and its descendants (worker processes), sampled every 5 ms."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    tree_peak = 0
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        tree_peak = max(tree_peak, _tree_rss_kib(proc.pid))
        time.sleep(0.005)
    elapsed = time.perf_counter() - started
    out = proc.stdout.read().decode() if proc.stdout else ""
    err = proc.stderr.read().decode() if proc.stderr else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise RuntimeError(f"{cmd[0]} failed: {err}")
    return elapsed, usage.ru_maxrss / 1024, out, tree_peak / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--large-runs", type=int, default=3)
    parser.add_argument("--large-mib", type=int, default=300)
    parser.add_argument("--child", type=Path)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return

    letters, letters_source = letters_argument()
    print(f"Python {platform.python_version()}, {os.cpu_count()} CPU, {platform.machine()}; "
          f"letters: {letters_source}")
    tmp = Path(tempfile.mkdtemp(prefix="bench-dossier-"))
    try:
        # (a) typical
        case, paths = make_case(tmp / "typical", 20, 10, 5 * MIB)
        size = sum(p.stat().st_size for p in paths.values())
        run_build(case, paths, tmp / "warmup.zip", letters)  # fonts, imports
        times = [run_build(case, paths, tmp / f"typical{i}.zip", letters)
                 for i in range(args.runs)]
        median = statistics.median(times)
        from documents.dossier import build_dossier

        detail = build_dossier(case, paths, tmp / "detail.zip", today=TODAY, target="mediator",
                               letters=letters).durations
        print(f"(a) typical: 20 events, 10 exhibits, {size / MIB:.1f} MiB: median "
              f"{median * 1000:.0f} ms (min {min(times) * 1000:.0f}, max "
              f"{max(times) * 1000:.0f}) over {args.runs} runs; target ≤ "
              f"{TARGET_TYPICAL_S * 1000:.0f} ms -> {'OK' if median <= TARGET_TYPICAL_S else 'OVER'}")
        print("    phases: " + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in detail.items()))

        # (b) large
        folder = tmp / "large"
        case, paths = make_case(folder / "pieces", 300, 150, args.large_mib * MIB, seed=2)
        size = sum(p.stat().st_size for p in paths.values())
        spec = tmp / "spec.json"
        ours, zips, rss, trees, phases = [], [], [], [], []
        for i in range(args.large_runs):
            out = tmp / f"large{i}.zip"
            spec.write_text(json.dumps({"case": case_to_dict(case),
                                        "paths": {k: str(v) for k, v in paths.items()},
                                        "out": str(out)}), encoding="utf-8")
            _, peak, text, tree = _rss_mib_of([sys.executable, __file__, "--child", str(spec)])
            child_result = json.loads(text.strip().splitlines()[-1])
            ours.append(child_result["seconds"])
            phases.append(child_result["durations"])
            rss.append(peak)
            trees.append(tree)
            out.unlink()
            ref = tmp / f"ref{i}.zip"
            elapsed, _, _, _ = _rss_mib_of(["zip", "-0", "-q", "-r", str(ref), "pieces"],
                                           cwd=folder)
            zips.append(elapsed)
            ref.unlink()
        m_ours, m_zip = statistics.median(ours), statistics.median(zips)
        ratio = m_ours / m_zip
        print(f"(b) large: 300 events, 150 exhibits, {size / MIB:.0f} MiB")
        print(f"    build_dossier: median {m_ours:.2f} s (runs "
              + ", ".join(f"{t:.2f}" for t in ours) + ")")
        print(f"    zip -0 -q -r : median {m_zip:.2f} s (runs "
              + ", ".join(f"{t:.2f}" for t in zips) + ")")
        print(f"    ratio {ratio:.2f}x (target ≤ {TARGET_RATIO}x) -> "
              f"{'OK' if ratio <= TARGET_RATIO else 'OVER'}")
        print(f"    peak memory, build process and its worker processes together (sampled "
              f"sum of RSS): {max(trees):.0f} MiB (target ≤ {TARGET_RSS_MIB} MiB) -> "
              f"{'OK' if max(trees) <= TARGET_RSS_MIB else 'OVER'}; ru_maxrss of the build "
              f"process alone {max(rss):.0f} MiB")
        keys = list(phases[0])
        print("    phases (median): " + ", ".join(
            f"{k} {statistics.median(p.get(k, 0.0) for p in phases) * 1000:.0f} ms"
            for k in keys))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
