"""Size and start-up time of the PyInstaller build against running from source, in one run.

    .venv/bin/python bench/frozen_startup.py [--runs 15] [--cases 3] [--dist dist/RecoursTelecom]

Prints the size of the built folder (bytes on disk, symbolic links not followed) and its file
count, then the median time from launch to the "smoke: ready" line (main window shown, event
loop idle; as bench/startup.py) of the built program ``--smoke`` and of ``python main.py
--smoke`` (this interpreter), runs interleaved, offscreen, on the same store of ``--cases``
example cases. One warm-up run each first (disk cache, .pyc files). Build first:
``python packaging/build.py``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from startup import timed  # bench/startup.py: launch -> "smoke: ready"


def folder_size(folder: Path) -> tuple[int, int]:
    """(bytes, files) of a folder; symbolic links count as links, not as their targets."""
    total = files = 0
    for path in folder.rglob("*"):
        if path.is_symlink():
            continue
        if path.is_file():
            total += path.stat().st_size
            files += 1
    return total, files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--cases", type=int, default=3,
                        help="example cases imported in the store first (0: empty store)")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist" / "RecoursTelecom")
    args = parser.parse_args()

    dist = args.dist.resolve()
    # The console program: the windowed RecoursTelecom.exe has no stdout to print to.
    program = dist / ("RecoursTelecom-cli.exe" if sys.platform == "win32" else "RecoursTelecom")
    if not program.is_file():
        raise SystemExit(f"{program} introuvable : construire d'abord (python packaging/build.py)")

    size, files = folder_size(dist)
    print(f"built folder {dist}: {size / 1_048_576:.1f} MiB ({size} bytes), {files} files")
    internal = dist / "_internal"
    if internal.is_dir():
        parts = sorted(((folder_size(p)[0] if p.is_dir() else p.stat().st_size, p.name)
                        for p in internal.iterdir() if not p.is_symlink()), reverse=True)
        print("largest parts: " + ", ".join(f"{name} {b / 1_048_576:.1f} MiB"
                                            for b, name in parts[:6]))

    work = Path(tempfile.mkdtemp(prefix="frozen-startup-"))
    # As bench/startup.py: an unconfigured desktop, data and logs in the user's XDG folders.
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_DATA_HOME": str(work / "data"),
           "XDG_CONFIG_HOME": str(work / "config"), "XDG_STATE_HOME": str(work / "state")}
    env.pop("RECOURS_TELECOM_DATA", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    examples = sorted(p for p in (ROOT / "examples").iterdir() if p.is_dir())
    for folder in examples[: args.cases]:
        subprocess.run([sys.executable, "main.py", "import", str(folder)], cwd=ROOT, env=env,
                       check=True, stdout=subprocess.DEVNULL)

    frozen_cmd = [str(program), "--smoke"]
    source_cmd = [sys.executable, "main.py", "--smoke"]
    timed(frozen_cmd, env)  # warm-up
    timed(source_cmd, env)
    frozen, source = [], []
    for _ in range(args.runs):  # interleaved so that machine noise hits both alike
        frozen.append(timed(frozen_cmd, env))
        source.append(timed(source_cmd, env))
    shutil.rmtree(work, ignore_errors=True)

    def line(label: str, times: list[float]) -> str:
        return (f"{label}: median {statistics.median(times) * 1000:.0f} ms "
                f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f})")

    print(f"Python {sys.version.split()[0]}, {args.runs} runs each, {args.cases} case(s) in store")
    print(line("built program --smoke ", frozen))
    print(line("python main.py --smoke", source))
    print(f"ratio built / source  : {statistics.median(frozen) / statistics.median(source):.2f}x")


if __name__ == "__main__":
    main()
