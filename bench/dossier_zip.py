"""Benchmark of documents.dossier_zip.build_dossier_zip (figures in docs/dossier-zip.md).

    .venv/bin/python bench/dossier_zip.py [--runs N] [--large-mib 300]

(a) typical dossier: 10 exhibits totalling 5 MiB (reportlab PDFs, random-bytes "jpg", text)
    plus three small generated PDFs, in this process, against Info-ZIP ``zip -0 -q -r`` of the
    same exhibit files; N alternated runs each.
(b) large dossier: 150 exhibits totalling 300 MiB, mostly incompressible (like scans and
    photos); build_dossier_zip (in a subprocess, to read its peak memory, ru_maxrss) against
    Info-ZIP ``zip -0 -q -r`` of the same files, N alternated runs each.

Both print medians, minima, the ratio of the medians and the ratio of the minima (close to
each other on a quiet machine; far apart, the machine was busy: run again). This bench times
the zip writer alone (documents already rendered); bench/dossier_end_to_end.py times the whole
``main.py dossier`` command.

Data is generated in a temporary folder, removed at the end.
"""

from __future__ import annotations

import argparse
import hashlib
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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from documents.dossier_zip import ExhibitSource, build_dossier_zip  # noqa: E402

MIB = 1024 * 1024
TARGET_RATIO = 1.5
TARGET_RSS_MIB = 300

_LOREM = ("Le 3 janvier 2026, l'abonné a appelé le service clients : la ligne est coupée depuis "
          "le 28 décembre, le technicien n'est pas venu au rendez-vous fixé. ")


def _write_random(path: Path, size: int, rng: random.Random) -> None:
    with open(path, "wb") as f:
        left = size
        while left:
            n = min(left, 4 * MIB)
            f.write(rng.randbytes(n))
            left -= n


def _write_text(path: Path, size: int) -> None:
    text = (_LOREM * (size // len(_LOREM) + 1)).encode("utf-8")[:size]
    path.write_bytes(text)


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


def _describe(folder: Path, number: int, path: Path, title: str) -> dict:
    data_hash = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(4 * MIB):
            data_hash.update(chunk)
    return {"arcname": f"04_Pieces/P{number:02d}_{title}{path.suffix}", "path": str(path),
            "size": path.stat().st_size, "sha256": data_hash.hexdigest(), "number": number,
            "title": title}


def make_typical(folder: Path, rng: random.Random) -> list[dict]:
    """10 exhibits, 5 MiB in all: 3 PDFs, 4 "jpg" of random bytes, 3 text files."""
    items = []
    for i in range(3):
        path = folder / f"courrier_{i}.pdf"
        _write_pdf(path, pages=4 + 3 * i)
        items.append(_describe(folder, len(items) + 1, path, f"Courrier {i}"))
    for i in range(3):
        path = folder / f"echanges_{i}.txt"
        _write_text(path, 60_000 + 20_000 * i)
        items.append(_describe(folder, len(items) + 1, path, f"Echanges {i}"))
    used = sum(item["size"] for item in items)
    left = 5 * MIB - used
    for i in range(4):
        path = folder / f"photo_{i}.jpg"
        size = left // (4 - i)
        _write_random(path, size, rng)
        left -= size
        items.append(_describe(folder, len(items) + 1, path, f"Photo {i}"))
    assert sum(item["size"] for item in items) == 5 * MIB
    return items


def make_large(folder: Path, rng: random.Random, total_mib: int) -> list[dict]:
    """150 exhibits, ``total_mib`` MiB in all: 140 incompressible scans/photos, 10 texts."""
    items = []
    for i in range(10):
        path = folder / f"courriel_{i:03d}.txt"
        _write_text(path, 100_000)
        items.append(_describe(folder, len(items) + 1, path, f"Courriel {i}"))
    left = total_mib * MIB - sum(item["size"] for item in items)
    for i in range(140):
        path = folder / (f"scan_{i:03d}.pdf" if i % 2 else f"photo_{i:03d}.jpg")
        remaining = 140 - i
        size = left // remaining if remaining == 1 else int(left / remaining
                                                            * rng.uniform(0.5, 1.5))
        _write_random(path, size, rng)
        left -= size
        items.append(_describe(folder, len(items) + 1, path, f"Piece {i}"))
    assert sum(item["size"] for item in items) == total_mib * MIB and len(items) == 150
    return items


def letters() -> list[tuple[str, bytes]]:
    from reportlab.pdfgen import canvas
    import io

    out = []
    for name in ("01_Courriers/Saisine du mediateur.pdf", "02_Chronologie/Chronologie.pdf",
                 "03_Bordereau/Bordereau des pieces.pdf"):
        buffer = io.BytesIO()
        c = canvas.Canvas(buffer, invariant=1)
        c.drawString(72, 720, name)
        c.showPage()
        c.save()
        out.append((name, buffer.getvalue()))
    return out


def entries_for(items: list[dict]) -> list:
    return [(item["arcname"], ExhibitSource(Path(item["path"]), item["size"], item["sha256"],
                                            item["number"], item["title"])) for item in items]


def bench_typical(work: Path, runs: int) -> dict:
    folder = work / "typical"
    folder.mkdir()
    items = make_typical(folder, random.Random(1))
    entries = letters() + entries_for(items)
    times, zips = [], []
    for run in range(runs):
        out = work / f"typical_{run}.zip"
        started = time.perf_counter()
        result = build_dossier_zip(out, entries)
        times.append(time.perf_counter() - started)
        out.unlink()
        zips.append(_run_zip(folder, work / "typical_reference.zip"))
        (work / "typical_reference.zip").unlink()
    return {"files": len(entries), "bytes": result.total_size, "zip_bytes": result.zip_size,
            "median_s": statistics.median(times), "min_s": min(times), "max_s": max(times),
            "zip_median_s": statistics.median(zips), "zip_min_s": min(zips)}


_CHILD = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from documents.dossier_zip import ExhibitSource, build_dossier_zip
items = json.loads(Path(sys.argv[2]).read_text())
entries = [(i["arcname"], ExhibitSource(Path(i["path"]), i["size"], i["sha256"], i["number"],
                                         i["title"])) for i in items]
started = time.perf_counter()
result = build_dossier_zip(sys.argv[3], entries)
elapsed = time.perf_counter() - started
print(json.dumps({"seconds": elapsed, "durations": result.durations,
                  "zip_bytes": result.zip_size}))
"""


def _run_build_child(items_json: Path, out: Path) -> tuple[dict, float]:
    """Run the build in a child process; return its report and its peak RSS in MiB."""
    process = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(ROOT), str(items_json), str(out)],
        stdout=subprocess.PIPE, text=True)
    stdout = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"build failed with status {process.returncode}")
    return json.loads(stdout), usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def _run_zip(folder: Path, out: Path) -> float:
    started = time.perf_counter()
    subprocess.run(["zip", "-0", "-q", "-r", str(out), "."], cwd=folder, check=True)
    return time.perf_counter() - started


def bench_large(work: Path, runs: int, total_mib: int) -> dict:
    if shutil.which("zip") is None:
        raise SystemExit("Info-ZIP 'zip' is missing: apt-get install -y zip")
    folder = work / "large"
    folder.mkdir()
    items = make_large(folder, random.Random(2), total_mib)
    items_json = work / "large.json"
    items_json.write_text(json.dumps(items))
    ours, theirs, rss, reports = [], [], [], []
    for run in range(runs):
        out = work / f"large_{run}.zip"
        report, peak = _run_build_child(items_json, out)
        out.unlink()
        ours.append(report["seconds"])
        rss.append(peak)
        reports.append(report)
        out = work / f"large_zip_{run}.zip"
        theirs.append(_run_zip(folder, out))
        out.unlink()
    ours_median, theirs_median = statistics.median(ours), statistics.median(theirs)
    best = reports[ours.index(min(ours))]["durations"]
    return {"files": len(items), "bytes": sum(i["size"] for i in items),
            "build_median_s": ours_median, "zip_median_s": theirs_median,
            "ratio": ours_median / theirs_median, "ratio_min": min(ours) / min(theirs),
            "peak_rss_mib": max(rss),
            "build_runs_s": ours, "zip_runs_s": theirs, "phases_of_fastest_s": best}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--large-mib", type=int, default=300)
    parser.add_argument("--dir", type=Path, default=None,
                        help="folder for the temporary data (default: system temp)")
    args = parser.parse_args()
    print(f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPU")
    with tempfile.TemporaryDirectory(prefix="bench_dossier_", dir=args.dir) as tmp:
        work = Path(tmp)
        typical = bench_typical(work, max(args.runs, 5))
        print(f"(a) typical: {typical['files']} files, {typical['bytes'] / MIB:.1f} MiB -> "
              f"zip {typical['zip_bytes'] / MIB:.1f} MiB: median {typical['median_s'] * 1000:.0f}"
              f" ms (min {typical['min_s'] * 1000:.0f}, max {typical['max_s'] * 1000:.0f})")
        print(f"    zip -0 -q -r of the exhibits: median {typical['zip_median_s'] * 1000:.0f} ms "
              f"(min {typical['zip_min_s'] * 1000:.0f}); ratio "
              f"{typical['median_s'] / typical['zip_median_s']:.2f}x (of the minima "
              f"{typical['min_s'] / typical['zip_min_s']:.2f}x)")
        large = bench_large(work, args.runs, args.large_mib)
        phases = ", ".join(f"{k} {v:.2f} s" for k, v in large["phases_of_fastest_s"].items())
        print(f"(b) large: {large['files']} files, {large['bytes'] / MIB:.0f} MiB")
        print(f"    build_dossier_zip median {large['build_median_s']:.2f} s "
              f"(runs {', '.join(f'{t:.2f}' for t in large['build_runs_s'])}; "
              f"fastest: {phases})")
        print(f"    zip -0 -q -r      median {large['zip_median_s']:.2f} s "
              f"(runs {', '.join(f'{t:.2f}' for t in large['zip_runs_s'])})")
        print(f"    ratio {large['ratio']:.2f}x (of the minima {large['ratio_min']:.2f}x; "
              f"target <= {TARGET_RATIO}x): "
              f"{'OK' if large['ratio'] <= TARGET_RATIO else 'OVER'}")
        print(f"    peak memory (ru_maxrss) {large['peak_rss_mib']:.0f} MiB "
              f"(target <= {TARGET_RSS_MIB} MiB): "
              f"{'OK' if large['peak_rss_mib'] <= TARGET_RSS_MIB else 'OVER'}")


if __name__ == "__main__":
    main()
