"""End-to-end benchmark of the dossier: ``main.py dossier`` in a fresh process, as a user runs
it, against the baselines of issue 13 measured in the same run (figures in
docs/benchmarks.md and docs/dossier.md).

    .venv/bin/python bench/dossier_end_to_end.py [--runs 11] [--large-runs 5] [--large-mib 300]
        [--before DIR]

Both cases are imported into a temporary store first; ``main.py --data-dir STORE dossier ID
--out X.zip --today 2026-11-22`` is then timed from launch to exit, interleaved with its
baseline (ours, baseline, ours...); medians, minima, the ratio of the medians and the ratio of
the minima (close to each other on a quiet machine; far apart, the machine was busy).

(a) typical case: 20 events, 10 exhibits totalling 5 MiB (3 real PDFs drawn with reportlab,
    4 random-bytes "jpg", 3 texts). Baseline, the floor: « a fresh process writing one docx
    and one reportlab PDF » (:data:`FLOOR`: imports python-docx and ReportLab, writes a
    one-paragraph DOCX and a one-paragraph PDF). Target ≤ 1.5×. Then the phases of one build
    in this process (``DossierResult.durations``).
(b) large case: 300 events, 150 exhibits totalling 300 MiB (mostly incompressible). Baseline:
    Info-ZIP ``zip -0 -q -r`` of the same exhibit files (the store's folder). Target ≤ 1.5×.
    Peak memory (target ≤ 300 MiB): the process and its render worker processes together
    (their RSS summed, sampled every 5 ms from /proc), since wait4's ru_maxrss only gives the
    largest single process.

``--before DIR``: a checkout of an older version (``git archive COMMIT | tar -x -C DIR``): its
``main.py dossier`` is timed too, interleaved with the others, on the same store, so that
« before » and « after » are compared with the same baseline in the same run.

The .pyc files are written by a first, untimed run of each command (an installed application
has them: pip and PyInstaller compile them), even where PYTHONDONTWRITEBYTECODE is set. Data
goes to a temporary folder, removed at the end.
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
TARGET_TYPICAL_RATIO = 1.5
TARGET_RATIO = 1.5

FLOOR = """
import sys
from docx import Document
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate
text = "Saisine du médiateur des communications électroniques"
document = Document()
document.add_paragraph(text)
document.save(sys.argv[1] + ".docx")
SimpleDocTemplate(sys.argv[1] + ".pdf", pagesize=A4).build(
    [Paragraph(text, getSampleStyleSheet()["Normal"])])
"""
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


def _rss_mib_of(cmd: list[str], cwd: Path | None = None, env: dict[str, str] | None = None
                ) -> tuple[float, float, str, float]:
    """Run ``cmd``: seconds, its ru_maxrss (MiB), its stdout, and the peak of the summed
    resident memory of it and its descendants (worker processes), sampled every 5 ms."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
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


def import_case(data: Path, case: Case, paths: dict[str, Path]) -> tuple[str, Path]:
    """The case saved in a new store at ``data`` (its exhibits copied there): its id and the
    folder of its exhibit files."""
    from store.store import CaseStore

    with CaseStore.open(data, durable=False) as store:
        saved = store.import_case(case, paths)
        folder = store.exhibit_path(saved.id, saved.exhibits[0]).parent
    return saved.id, folder


def _env() -> dict[str, str]:
    env = {**os.environ}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # the warm-up run writes the .pyc files
    env.pop("RECOURS_TELECOM_DATA", None)
    return env


def _core_free() -> bool:
    try:
        from documents.render_child import core_free
    except ImportError:  # an older checkout
        return False
    return core_free()


def _children_cpu() -> float:
    """Seconds of CPU used so far by the child processes waited for (and their own)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _median_min(times: list[float]) -> str:
    return f"median {statistics.median(times):.3f} s, min {min(times):.3f} s"


def _ratios(ours: list[float], base: list[float], target: float) -> str:
    ratio = statistics.median(ours) / statistics.median(base)
    return (f"ratio {ratio:.2f}x (of the minima {min(ours) / min(base):.2f}x), target <= "
            f"{target}x -> {'OK' if ratio <= target else 'OVER'}")


def _home(command: list[str]) -> Path:
    """The folder a command runs in: its script's (each checkout's own ``main.py``). The
    render workers' fork server is started with ``python -c`` and Python 3.11's forkserver
    does not apply the parent's ``sys.path``: it imports ``documents.warm_renderers`` from
    the working folder first, so a « before » run from this checkout's folder rendered its
    large dossier with this checkout's renderers."""
    return Path(command[1]).parent


def dossier_command(data: Path, case_id: str, out: Path, root: Path = ROOT) -> list[str]:
    return [sys.executable, str(root / "main.py"), "--data-dir", str(data), "dossier", case_id,
            "--out", str(out), "--today", TODAY.isoformat()]


def bench_typical(tmp: Path, runs: int, letters, before: Path | None = None) -> None:
    case, paths = make_case(tmp / "typical", 20, 10, 5 * MIB)
    size = sum(p.stat().st_size for p in paths.values())
    data = tmp / "store-typical"
    case_id, _ = import_case(data, case, paths)
    floor_script = tmp / "floor.py"
    floor_script.write_text(FLOOR, encoding="utf-8")
    out = tmp / "typical.zip"
    ours_cmd = dossier_command(data, case_id, out)
    floor_cmd = [sys.executable, str(floor_script), str(tmp / "floor")]
    contenders = [("main.py dossier", ours_cmd, []), ("floor, docx + PDF", floor_cmd, [])]
    if before is not None:
        contenders.append(("before: main.py dossier",
                           dossier_command(data, case_id, tmp / "before.zip", before), []))
    env = _env()
    for _, command, _ in contenders:  # warm-up: .pyc files, disk cache
        subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL,
                       cwd=_home(command))
    cpu: dict[str, list[float]] = {name: [] for name, _, _ in contenders}
    free = 0  # runs started with a processor free: ours forks its render child then
    for _ in range(runs):
        for name, command, times in contenders:
            if command is ours_cmd:
                free += _core_free()
            used = _children_cpu()
            started = time.perf_counter()
            subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL,
                           cwd=_home(command))
            times.append(time.perf_counter() - started)
            cpu[name].append(_children_cpu() - used)
    floor = contenders[1][2]
    print(f"(a) typical: 20 events, 10 exhibits, {size / MIB:.1f} MiB; {runs} interleaved runs")
    for name, _, times in contenders:
        print(f"    {name + ' (whole process):':42} {_median_min(times)}")
    for name, _, times in contenders[::2]:
        print(f"    {name:24} / floor: " + _ratios(times, floor, TARGET_TYPICAL_RATIO))
    # CPU time (user + system, the process and the children it waited for): what the other
    # processes of a shared machine disturb least.
    print(f"    a processor free when main.py dossier started (its chronology and index "
          f"then rendered by a forked child, docs/dossier.md): {free} of {runs} runs")
    floor_cpu = cpu[contenders[1][0]]
    for name, _, _ in contenders:
        print(f"    CPU, {name + ':':38} {_median_min(cpu[name])}"
              + ("" if cpu[name] is floor_cpu else
                 f", {statistics.median(cpu[name]) / statistics.median(floor_cpu):.2f}x the "
                 f"floor's (minima {min(cpu[name]) / min(floor_cpu):.2f}x)"))
    from documents.dossier import build_dossier

    build_dossier(case, paths, tmp / "warm.zip", today=TODAY, target="mediator",
                  letters=letters)
    detail = build_dossier(case, paths, tmp / "detail.zip", today=TODAY, target="mediator",
                           letters=letters).durations
    print("    phases of a build in a warm process: "
          + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in detail.items()))


def bench_large(tmp: Path, runs: int, mib: int, before: Path | None = None) -> None:
    if shutil.which("zip") is None:
        raise SystemExit("Info-ZIP 'zip' is missing: apt-get install -y zip")
    case, paths = make_case(tmp / "large-source", 300, 150, mib * MIB, seed=2)
    size = sum(p.stat().st_size for p in paths.values())
    data = tmp / "store-large"
    case_id, folder = import_case(data, case, paths)
    shutil.rmtree(tmp / "large-source")
    out = tmp / "large.zip"
    ours_cmd = dossier_command(data, case_id, out)
    zip_cmd = ["zip", "-0", "-q", "-r", str(tmp / "reference.zip"), folder.name]
    env = _env()
    before_out = tmp / "before.zip"
    before_cmd = dossier_command(data, case_id, before_out, before) if before else None
    subprocess.run(ours_cmd, env=env, check=True, stdout=subprocess.DEVNULL,  # warm-up
                   cwd=_home(ours_cmd))
    out.unlink()
    if before_cmd:
        subprocess.run(before_cmd, env=env, check=True, stdout=subprocess.DEVNULL,
                       cwd=_home(before_cmd))
        before_out.unlink()
    ours, zips, trees, rss, befores = [], [], [], [], []
    for _ in range(runs):
        elapsed, peak, _, tree = _rss_mib_of(ours_cmd, cwd=_home(ours_cmd), env=env)
        ours.append(elapsed)
        rss.append(peak)
        trees.append(tree)
        out.unlink()
        elapsed, _, _, _ = _rss_mib_of(zip_cmd, cwd=folder.parent, env=env)
        zips.append(elapsed)
        (tmp / "reference.zip").unlink()
        if before_cmd:
            befores.append(_rss_mib_of(before_cmd, cwd=_home(before_cmd), env=env)[0])
            before_out.unlink()
    print(f"(b) large: 300 events, 150 exhibits, {size / MIB:.0f} MiB; {runs} interleaved runs")
    print(f"    main.py dossier (whole process): {_median_min(ours)} (runs "
          + ", ".join(f"{t:.2f}" for t in ours) + ")")
    print(f"    zip -0 -q -r of the exhibits   : {_median_min(zips)} (runs "
          + ", ".join(f"{t:.2f}" for t in zips) + ")")
    print("    " + _ratios(ours, zips, TARGET_RATIO))
    if befores:
        print(f"    before: main.py dossier        : {_median_min(befores)} (runs "
              + ", ".join(f"{t:.2f}" for t in befores) + ")")
        print("    before / zip -0: " + _ratios(befores, zips, TARGET_RATIO))
    print(f"    peak memory, the process and its worker processes together (sampled sum of "
          f"RSS): {max(trees):.0f} MiB (target <= {TARGET_RSS_MIB} MiB) -> "
          f"{'OK' if max(trees) <= TARGET_RSS_MIB else 'OVER'}; ru_maxrss of the main "
          f"process alone {max(rss):.0f} MiB")
    spec = tmp / "spec.json"
    spec.write_text(json.dumps({"case": case_to_dict(case),
                                "paths": {x.id: str(folder / x.stored_name)
                                          for x in _stored(data, case_id)},
                                "out": str(out)}), encoding="utf-8")
    _, _, text, _ = _rss_mib_of([sys.executable, __file__, "--child", str(spec)], env=env)
    phases = json.loads(text.strip().splitlines()[-1])["durations"]
    print("    phases of one build_dossier (in a fresh process, after its imports): "
          + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in phases.items()))


def _stored(data: Path, case_id: str) -> list[Exhibit]:
    from store.store import CaseStore

    with CaseStore.open(data, durable=False) as store:
        return store.load_case(case_id).exhibits


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--large-runs", type=int, default=5)
    parser.add_argument("--large-mib", type=int, default=300)
    parser.add_argument("--skip-large", action="store_true")
    parser.add_argument("--child", type=Path)
    parser.add_argument("--before", type=Path, help="checkout of an older version to compare")
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return

    letters, letters_source = letters_argument()
    print(f"Python {platform.python_version()}, {os.cpu_count()} CPU, {platform.machine()}; "
          f"letters: {letters_source}; load average {os.getloadavg()[0]:.2f}")
    tmp = Path(tempfile.mkdtemp(prefix="bench-dossier-"))
    try:
        before = args.before.resolve() if args.before else None
        bench_typical(tmp, args.runs, letters, before)
        if not args.skip_large:
            bench_large(tmp, args.large_runs, args.large_mib, before)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        print(f"load average at the end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
