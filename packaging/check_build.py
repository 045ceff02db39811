"""Check a PyInstaller build of Recours Télécom (dist/RecoursTelecom/), on Linux or Windows.

    .venv/bin/python packaging/check_build.py [--dist dist/RecoursTelecom] [--skip-run]

Run by ``packaging/build.py`` after building; run it with the project's environment (the
source side of the comparisons runs ``main.py`` with this interpreter). Checks:

1. contents: assets/ (data, schema, fonts, icons), Qt's French translations and no other
   language, python-docx templates, pypdfium2's native library, holidays' French catalogue,
   ReportLab data, the metadata of jsonschema/referencing...; the modules the program
   imports by name are in its archive (documents.letters, phonenumbers' metadata...);
2. only QtCore, QtGui, QtWidgets, QtPrintSupport: no QML, Quick, WebEngine, 3D, Multimedia...
   library or module anywhere in the folder; no dangling symbolic link;
3. ``--smoke`` offscreen prints "smoke: ready" and exits 0, and the log shows Qt's French
   translation loaded;
4. like a windowed program (no stdout, no stderr): ``--smoke`` and ``status --json`` still
   exit 0 (POSIX: the descriptors are closed; Windows: the windowed program itself);
5. ``dossier`` on each example gives the same zip as from source (same --today): same
   members, same bytes; ``status --json`` gives the same text;
6. the bundled PDFium library (letter preview, printing) opens and renders a generated PDF;
7. while the first instance runs, `list` reads the same data folder (read-only, no lock)
   and a write command (`import`) is refused (store lock).

Exit code 0 if everything passed, 1 otherwise (each failure is listed).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAME = "RecoursTelecom"
IS_WINDOWS = sys.platform == "win32"
TODAY = "2026-11-22"
TIMEOUT = 180

# Qt libraries and PySide6 modules that must not be in the folder. Matched against file names
# (Linux: libQt6Quick.so.6, QtQuick.abi3.so; Windows: Qt6Quick.dll, QtQuick.pyd).
FORBIDDEN_QT = re.compile(
    r"Qt6?(Qml|Quick|WebEngine|WebView|WebChannel|WebSockets|3D|Multimedia|SpatialAudio|"
    r"Charts|DataVisualization|Graphs|Pdf|Positioning|Location|Sensors|SerialPort|SerialBus|"
    r"Bluetooth|Nfc|RemoteObjects|Scxml|StateMachine|TextToSpeech|Designer|Help|UiTools|"
    r"Sql|Test|LabsStyleKit|HttpServer|Concurrent)",
    re.IGNORECASE,
)
# The only PySide6 binding modules allowed.
ALLOWED_PYSIDE = {"QtCore", "QtGui", "QtWidgets", "QtPrintSupport"}

REQUIRED_FILES = [
    "assets/directory.json",
    "assets/rules.json",
    "assets/commitments.json",
    "assets/schema/case-file.schema.json",
    "assets/fonts/DejaVuSans.ttf",
    "assets/fonts/DejaVuSans-Bold.ttf",
    "assets/fonts/DejaVuSans-Oblique.ttf",
    "assets/fonts/DejaVuSans-BoldOblique.ttf",
    "assets/fonts/LICENSE-DejaVu.txt",
    "assets/icons/recours-telecom.png",
    "docx/templates/default.docx",
    "docx/templates/default-footer.xml",
    "docx/templates/default-header.xml",
    "docx/templates/default-styles.xml",
    "docx/templates/default-settings.xml",
    "docx/parts",  # folder: python-docx resolves docx/parts/../templates (see the spec)
    "holidays/locale/fr/LC_MESSAGES/FR.mo",
    "pypdfium2_raw/version.json",
    "reportlab/fonts",
]
REQUIRED_GLOBS = {
    "Qt French translation qtbase_fr.qm": "**/qtbase_fr.qm",
    "pypdfium2 native library": "pypdfium2_raw/*pdfium*.*",
    "jsonschema metadata": "jsonschema-*.dist-info/METADATA",
    "referencing metadata": "referencing-*.dist-info/METADATA",
    "jsonschema-specifications meta-schemas": "jsonschema_specifications/schemas/draft202012",
}
# Modules imported by name at run time, or data modules: must be in the program's archive.
REQUIRED_MODULES = [
    "main", "cli.commands", "gui.app", "gui.main_window", "gui.printing", "documents.letters",
    "documents.dossier", "documents.render_pdf", "documents.render_docx", "store.store",
    "dispute.procedure", "holidays.countries.france", "phonenumbers.data",
    "phonenumbers.data.region_FR", "tinydb", "jsonschema", "referencing",
    "jsonschema_specifications", "pypdfium2", "reportlab.pdfbase._fontdata", "docx", "pypdf",
    "platformdirs", "dateutil.relativedelta",
]


class Checker:
    def __init__(self) -> None:
        self.failures: list[str] = []

    def ok(self, text: str) -> None:
        print(f"  ok      {text}", flush=True)

    def fail(self, text: str) -> None:
        print(f"  ÉCHEC   {text}", flush=True)
        self.failures.append(text)

    def check(self, condition: bool, text: str, detail: str = "") -> bool:
        if condition:
            self.ok(text)
        else:
            self.fail(f"{text}{' : ' + detail if detail else ''}")
        return condition


def programs(dist: Path) -> tuple[Path, Path]:
    """(the main program, the program for headless commands): the same file on Linux; on
    Windows the windowed RecoursTelecom.exe and the console RecoursTelecom-cli.exe."""
    if IS_WINDOWS:
        return dist / f"{NAME}.exe", dist / f"{NAME}-cli.exe"
    return dist / NAME, dist / NAME


def internal_dir(dist: Path) -> Path:
    return dist / "_internal" if (dist / "_internal").is_dir() else dist


# --- 1-2: contents ----------------------------------------------------------------------------


def check_contents(c: Checker, dist: Path) -> None:
    print("Contenu du dossier", flush=True)
    gui, cli = programs(dist)
    c.check(gui.is_file(), f"programme {gui.name}")
    if IS_WINDOWS:
        c.check(cli.is_file(), f"programme console {cli.name}")
    internal = internal_dir(dist)
    missing = [p for p in REQUIRED_FILES if not (internal / p).exists()]
    c.check(not missing, f"{len(REQUIRED_FILES)} fichiers de données requis", f"absents : {missing}")
    for label, pattern in REQUIRED_GLOBS.items():
        found = sorted(internal.glob(pattern))
        c.check(bool(found), label, f"aucun fichier {pattern}")
    other_qm = [p.name for p in internal.rglob("*.qm") if not p.name.endswith("_fr.qm")]
    c.check(not other_qm, "traductions Qt : français seulement", f"autres langues : {other_qm[:5]}")

    files = [p for p in dist.rglob("*")]
    forbidden = sorted({p.name for p in files if FORBIDDEN_QT.search(p.name)})
    c.check(not forbidden, "aucune bibliothèque Qt inutile (QML, Quick, WebEngine, 3D, "
            "Multimedia...)", f"présentes : {forbidden}")
    bindings = sorted({p.name.split(".")[0] for p in (internal / "PySide6").glob("Qt*.*")
                       if p.suffix in (".so", ".pyd") or ".abi3." in p.name})
    c.check(set(bindings) <= ALLOWED_PYSIDE and {"QtCore", "QtGui", "QtWidgets"} <= set(bindings),
            f"modules PySide6 : {', '.join(bindings)}",
            f"attendus {sorted(ALLOWED_PYSIDE)}")
    dangling = [str(p.relative_to(dist)) for p in files if p.is_symlink() and not p.exists()]
    c.check(not dangling, "aucun lien symbolique cassé", f"{dangling[:5]}")

    try:
        from PyInstaller.archive.readers import CArchiveReader
    except ImportError:
        c.fail("PyInstaller absent : contenu de l'archive non vérifié")
        return
    names: set[str] = set()
    for program in {gui, cli}:
        if not program.is_file():
            continue
        archive = CArchiveReader(str(program))
        pyz = archive.open_embedded_archive("PYZ.pyz")
        names |= set(pyz.toc) | set(archive.toc)
        names_here = set(pyz.toc) | set(archive.toc)
        absent = [m for m in REQUIRED_MODULES if m not in names_here]
        c.check(not absent, f"{program.name} : {len(REQUIRED_MODULES)} modules requis dans "
                "l'archive", f"absents : {absent}")
    qt_modules = sorted(n for n in names if n.startswith("PySide6.Qt"))
    extra = [n for n in qt_modules if n.split(".")[1] not in ALLOWED_PYSIDE]
    c.check(not extra, "archive : aucun module PySide6 inutile", f"{extra}")


# --- 3-6: running it ---------------------------------------------------------------------------


def make_env(work: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "RECOURS_TELECOM_DATA"}
    env.update({"QT_QPA_PLATFORM": "offscreen", "PYTHONIOENCODING": "utf-8"})
    if not IS_WINDOWS:
        # Logs ($XDG_STATE_HOME/RecoursTelecom/log) and Qt settings stay in the work folder.
        env.update({"XDG_STATE_HOME": str(work / "state"),
                    "XDG_CONFIG_HOME": str(work / "config"),
                    "XDG_DATA_HOME": str(work / "share")})
    return env


def log_file(env: dict[str, str]) -> Path:
    """The log file the program writes with this environment (store/paths.py: platformdirs)."""
    if not IS_WINDOWS:
        return Path(env["XDG_STATE_HOME"]) / "RecoursTelecom" / "log" / "recours-telecom.log"
    import platformdirs

    return platformdirs.user_log_path("RecoursTelecom", appauthor=False) / "recours-telecom.log"


def log_since(path: Path, offset: int) -> str:
    try:
        with open(path, "rb") as stream:
            stream.seek(offset)
            return stream.read().decode("utf-8", "replace")
    except OSError:
        return ""


def log_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def run(command: list, env: dict[str, str], *, no_streams: bool = False,
        cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run a command; with no_streams, as a windowed program would (POSIX: stdin, stdout and
    stderr closed, so that Python sets sys.stdout and sys.stderr to None)."""
    command = [str(x) for x in command]
    if no_streams and not IS_WINDOWS:
        def close_streams() -> None:
            for fd in (0, 1, 2):
                os.close(fd)

        completed = subprocess.run(command, env=env, cwd=cwd, timeout=TIMEOUT,
                                   preexec_fn=close_streams, check=False)
        return subprocess.CompletedProcess(command, completed.returncode, "", "")
    return subprocess.run(command, env=env, cwd=cwd, timeout=TIMEOUT, capture_output=True,
                          check=False,
                          text=True, encoding="utf-8", errors="replace",
                          stdin=subprocess.DEVNULL)


def check_smoke(c: Checker, dist: Path, work: Path) -> None:
    print("Démarrage (--smoke, offscreen)", flush=True)
    gui, cli = programs(dist)
    env = make_env(work)
    log = log_file(env)

    offset = log_size(log)
    result = run([cli, "--smoke", "--verbose", "--data-dir", work / "data-smoke"], env)
    first = result.stdout.splitlines()[:1]
    c.check(result.returncode == 0 and first == ["smoke: ready"],
            f"{cli.name} --smoke : « smoke: ready », code 0",
            f"code {result.returncode}, sortie {result.stdout[:200]!r}, "
            f"erreurs {result.stderr[-800:]!r}")
    text = log_since(log, offset)
    c.check("Traduction Qt chargée : qtbase_fr" in text, "traduction française de Qt chargée",
            f"journal {log} : {text[-400:]!r}")

    # Windowed: no stdout/stderr (POSIX: closed descriptors; Windows: the windowed program).
    offset = log_size(log)
    result = run([gui, "--smoke", "--data-dir", work / "data-windowed"], env, no_streams=True)
    text = log_since(log, offset)
    c.check(result.returncode == 0 and "Smoke: fenêtre principale affichée" in text,
            f"{gui.name} --smoke sans stdout ni stderr (programme fenêtré) : code 0, fenêtre "
            "affichée", f"code {result.returncode}, journal {text[-400:]!r}")
    result = run([gui, "status", ROOT / "examples" / "panne-fibre-particulier", "--json",
                  "--today", TODAY], env, no_streams=True)
    c.check(result.returncode == 0, f"{gui.name} status --json sans stdout ni stderr : code 0",
            f"code {result.returncode}")


def zip_members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def check_dossiers(c: Checker, dist: Path, work: Path) -> None:
    print(f"Dossiers : programme construit contre sources (--today {TODAY})", flush=True)
    _gui, cli = programs(dist)
    env = make_env(work)
    examples = sorted(p for p in (ROOT / "examples").iterdir() if (p / "case.json").is_file())
    if not c.check(bool(examples), f"{len(examples)} exemple(s) dans examples/"):
        return
    for example in examples:
        outputs = {}
        for label, command in (("frozen", [cli]), ("source", [sys.executable, ROOT / "main.py"])):
            out = work / f"{example.name}-{label}.zip"
            result = run([*command, "dossier", example, "--out", out, "--today", TODAY], env)
            if result.returncode != 0 or not out.is_file():
                c.fail(f"{example.name} : dossier ({label}) code {result.returncode} : "
                       f"{result.stderr[-800:]}")
                break
            outputs[label] = out
        else:
            frozen, source = (zip_members(outputs[k]) for k in ("frozen", "source"))
            differing = sorted(n for n in frozen.keys() & source.keys() if frozen[n] != source[n])
            only = sorted(frozen.keys() ^ source.keys())
            same_file = outputs["frozen"].read_bytes() == outputs["source"].read_bytes()
            c.check(not differing and not only and same_file,
                    f"{example.name} : {len(frozen)} membres identiques, zip identique "
                    f"({outputs['frozen'].stat().st_size} octets)",
                    f"membres différents {differing}, présents d'un seul côté {only}")
        statuses = []
        for command in ([cli], [sys.executable, ROOT / "main.py"]):
            result = run([*command, "status", example, "--json", "--today", TODAY], env)
            statuses.append((result.returncode, result.stdout))
        c.check(statuses[0] == statuses[1] and statuses[0][0] == 0,
                f"{example.name} : status --json identique",
                f"construit {statuses[0][0]} / source {statuses[1][0]}")


PDFIUM_PROBE = r"""
import ctypes, sys
from ctypes import POINTER, c_char_p, c_int, c_ubyte, c_ulong, c_void_p
lib = ctypes.CDLL(sys.argv[1])
data = open(sys.argv[2], "rb").read()
lib.FPDF_InitLibrary()
lib.FPDF_LoadMemDocument.restype = c_void_p
lib.FPDF_LoadMemDocument.argtypes = [c_void_p, c_int, c_char_p]
buffer = ctypes.create_string_buffer(data, len(data))
doc = lib.FPDF_LoadMemDocument(buffer, len(data), None)
assert doc, "document illisible"
lib.FPDF_GetPageCount.argtypes = [c_void_p]
pages = lib.FPDF_GetPageCount(doc)
lib.FPDF_LoadPage.restype = c_void_p
lib.FPDF_LoadPage.argtypes = [c_void_p, c_int]
page = lib.FPDF_LoadPage(doc, 0)
w, h = 210, 297
lib.FPDFBitmap_Create.restype = c_void_p
lib.FPDFBitmap_Create.argtypes = [c_int, c_int, c_int]
bitmap = lib.FPDFBitmap_Create(w, h, 0)
lib.FPDFBitmap_FillRect.argtypes = [c_void_p, c_int, c_int, c_int, c_int, c_ulong]
lib.FPDFBitmap_FillRect(bitmap, 0, 0, w, h, 0xFFFFFFFF)
lib.FPDF_RenderPageBitmap.argtypes = [c_void_p, c_void_p] + [c_int] * 6
lib.FPDF_RenderPageBitmap(bitmap, page, 0, 0, w, h, 0, 0)
lib.FPDFBitmap_GetBuffer.restype = POINTER(c_ubyte)
lib.FPDFBitmap_GetBuffer.argtypes = [c_void_p]
lib.FPDFBitmap_GetStride.argtypes = [c_void_p]
pixels = lib.FPDFBitmap_GetBuffer(bitmap)
size = lib.FPDFBitmap_GetStride(bitmap) * h
inked = sum(1 for i in range(size) if pixels[i] < 0xF0)
print(pages, inked)
"""


def check_pdfium(c: Checker, dist: Path, work: Path) -> None:
    """The bundled PDFium (used by the letter preview and printing, not by the headless
    commands) loads and renders: the native library itself, in a separate process."""
    print("PDFium du dossier construit (aperçu et impression)", flush=True)
    internal = internal_dir(dist)
    libraries = [p for p in (internal / "pypdfium2_raw").glob("*pdfium*")
                 if p.suffix in (".so", ".dll", ".dylib")]
    zips = sorted(work.glob("*-frozen.zip"))
    if not c.check(bool(libraries) and bool(zips), "bibliothèque PDFium et dossier à afficher"):
        return
    with zipfile.ZipFile(zips[0]) as archive:
        pdf_name = next((n for n in archive.namelist() if n.lower().endswith(".pdf")), None)
        if not c.check(pdf_name is not None, f"un PDF dans {zips[0].name}"):
            return
        pdf = work / "probe.pdf"
        pdf.write_bytes(archive.read(pdf_name))
    probe = work / "pdfium_probe.py"
    probe.write_text(PDFIUM_PROBE, encoding="utf-8")
    result = run([sys.executable, probe, libraries[0], pdf], make_env(work))
    try:
        import pypdf

        expected = len(pypdf.PdfReader(str(pdf)).pages)
    except Exception:  # noqa: BLE001 - the comparison is a bonus
        expected = None
    fields = result.stdout.split()
    ok = (result.returncode == 0 and len(fields) == 2 and int(fields[1]) > 0
          and (expected is None or int(fields[0]) == expected))
    c.check(ok, f"{libraries[0].name} : « {pdf_name} » ouvert ({fields[0] if fields else '?'} "
            f"page(s)) et rendu (pixels encrés : {fields[1] if len(fields) > 1 else '?'})",
            f"code {result.returncode}, {result.stdout!r} {result.stderr[-500:]!r}")


def check_second_instance(c: Checker, dist: Path, work: Path) -> None:
    print("Seconde instance sur le même dossier de données", flush=True)
    gui, cli = programs(dist)
    env = make_env(work)
    data = work / "data-lock"
    first = subprocess.Popen([str(gui), "--data-dir", str(data)], env=env, cwd=ROOT,
                             stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not (data / ".lock.info").exists() and time.monotonic() < deadline:
            if first.poll() is not None:
                break
            time.sleep(0.1)
        if not c.check(first.poll() is None and (data / ".lock.info").exists(),
                       "première instance démarrée (verrou pris)",
                       f"code {first.poll()}"):
            return
        # reading stays possible (a read-only open takes no lock); writing is refused
        result = run([cli, "--data-dir", data, "list"], env)
        c.check(result.returncode == 0 and "Aucun dossier" in result.stdout,
                "« list » possible pendant que l'application est ouverte (lecture seule)",
                f"code {result.returncode}, {result.stderr[-300:]!r}")
        example = ROOT / "examples" / "panne-fibre-particulier"
        result = run([cli, "--data-dir", data, "import", example], env)
        c.check(result.returncode == 1 and result.stderr.startswith("Erreur")
                and "déjà ouvert" in result.stderr,
                "seconde instance refusée pour une écriture, avec un message",
                f"code {result.returncode}, {result.stderr[-300:]!r}")
    finally:
        first.terminate()
        try:
            first.wait(timeout=30)
        except subprocess.TimeoutExpired:
            first.kill()
            first.wait()


# --- Linux: the oldest glibc the build can run on ---------------------------------------------


def _version_key(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in text.split("."))


def glibc_requirements(dist: Path) -> dict[str, list[str]]:
    """{highest GLIBC_x.y symbol version required: [files]} over every ELF file of the
    folder, read with ``objdump -T`` (binutils). Empty if objdump is missing."""
    import shutil

    objdump = shutil.which("objdump")
    if objdump is None:
        return {}
    result: dict[str, list[str]] = {}
    for path in sorted(dist.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        with open(path, "rb") as stream:
            if stream.read(4) != b"\x7fELF":
                continue
        out = subprocess.run([objdump, "-T", str(path)], capture_output=True, text=True,
                             check=False).stdout
        versions = set(re.findall(r"GLIBC_(\d+(?:\.\d+)+)", out))
        if versions:
            highest = max(versions, key=_version_key)
            result.setdefault(highest, []).append(str(path.relative_to(dist)))
    return dict(sorted(result.items(), key=lambda kv: _version_key(kv[0])))


def check_linked_libraries(c: Checker, dist: Path) -> None:
    """Every ELF file of the folder finds all its libraries (``ldd``, with the program's
    library path): a library missing on the build machine is neither bundled nor reported by
    PyInstaller as an error. Also lists the system libraries the folder relies on."""
    import shutil

    ldd = shutil.which("ldd")
    if ldd is None:
        return
    internal = internal_dir(dist)
    env = {**os.environ, "LD_LIBRARY_PATH": str(internal)}  # as the bootloader sets it
    missing: dict[str, set[str]] = {}
    system: set[str] = set()
    for path in sorted(dist.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        with open(path, "rb") as stream:
            if stream.read(4) != b"\x7fELF":
                continue
        out = subprocess.run([ldd, str(path)], capture_output=True, text=True, env=env,
                             check=False).stdout
        for line in out.splitlines():
            name, _, target = line.strip().partition(" => ")
            if "not found" in target:
                missing.setdefault(name, set()).add(path.name)
            elif target.startswith("/") and not target.startswith(str(dist)):
                system.add(name)
    # PyInstaller never bundles some libraries (libc, OpenGL, libxcb, Wayland...): the user's
    # system provides them. Missing here, they only mean that this build machine lacks them.
    try:
        from PyInstaller.depend.dylib import include_library
    except ImportError:
        def include_library(_name: str) -> bool:
            return True
    from_system = {k: v for k, v in missing.items() if not include_library(k)}
    missing = {k: v for k, v in missing.items() if k not in from_system}
    c.check(not missing, "toutes les bibliothèques à embarquer sont présentes (ldd)",
            "absentes de la machine de construction, donc non embarquées : "
            + "; ".join(f"{k} <- {', '.join(sorted(v))}" for k, v in sorted(missing.items())))
    print(f"  bibliothèques fournies par le système cible : "
          f"{', '.join(sorted(system | set(from_system)))}", flush=True)
    if from_system:
        print(f"  (absentes de cette machine, attendues sur le poste : "
              f"{', '.join(sorted(from_system))})", flush=True)


def report_glibc(dist: Path) -> None:
    requirements = glibc_requirements(dist)
    if not requirements:
        return
    print("glibc requise (objdump -T, version GLIBC_x.y la plus haute par fichier)", flush=True)
    for version, files in list(requirements.items())[-3:]:
        shown = ", ".join(Path(f).name for f in files[:6])
        more = f" (+{len(files) - 6})" if len(files) > 6 else ""
        print(f"  GLIBC_{version} : {len(files)} fichier(s) : {shown}{more}", flush=True)
    print(f"  => glibc >= {list(requirements)[-1]} sur le poste cible", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist" / NAME)
    parser.add_argument("--skip-run", action="store_true",
                        help="contents only: do not start the built program")
    args = parser.parse_args(argv)
    dist = args.dist.resolve()
    print(f"Vérification de {dist}", flush=True)
    c = Checker()
    if not dist.is_dir():
        print(f"Dossier introuvable : {dist}", file=sys.stderr)
        return 1
    check_contents(c, dist)
    if sys.platform.startswith("linux"):
        check_linked_libraries(c, dist)
        report_glibc(dist)
    if not args.skip_run:
        with tempfile.TemporaryDirectory(prefix="recours-check-") as tmp:
            work = Path(tmp)
            check_smoke(c, dist, work)
            check_dossiers(c, dist, work)
            check_pdfium(c, dist, work)
            check_second_instance(c, dist, work)
    if c.failures:
        print(f"{len(c.failures)} échec(s) :", flush=True)
        for failure in c.failures:
            print(f"  - {failure}")
        return 1
    print("Construction vérifiée : tout est conforme.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
