"""Reading a data folder without its lock and without writing (fresh-eyes 29): the read-only
commands work while the application has the folder open; a write command is still refused."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from dispute.case_list import list_summary
from store import CaseStore
from store.errors import StoreCorruptError, StoreReadOnlyError
from store.index import shard_name, shard_of
from store.layout import case_path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_store_support import data_dir, make_case  # noqa: E402,F401

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "panne-fibre-particulier"


def tree(folder: Path) -> dict[str, tuple]:
    """Every file and folder under ``folder`` with its bytes and times: what « never
    writes » is checked against (the lock files included)."""
    out: dict[str, tuple] = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs:
            st = os.stat(Path(root, name))
            out[str(Path(root, name).relative_to(folder)) + "/"] = (st.st_mtime_ns,)
        for name in files:
            path = Path(root, name)
            st = os.stat(path)
            out[str(path.relative_to(folder))] = (path.read_bytes(), st.st_mtime_ns,
                                                   st.st_ino)
    return out


HOLDER = """
import os, sys
sys.path[:0] = [{root!r}, {tests!r}]
import store.caselog
store.caselog.IDLE_SECONDS = 3600.0  # saves stay in the case log, as a second after a save
from dispute.case_list import list_summary
from store import CaseStore
from test_store_support import make_case
store = CaseStore.open({data!r}, summarizer=list_summary)
old = store.save_case(make_case("Ancien dossier"))
store.close()
store = CaseStore.open({data!r}, summarizer=list_summary)  # its file in place, then:
case = store.load_case(old.id)
case.subscriber.name = "Ancien dossier renommé"
store.save_case(case)  # in the log, not renamed into place
store.save_case(make_case("Boulangerie Martin & Fils"))  # a first save: no file yet
print("READY", flush=True)
sys.stdin.readline()
os._exit(0)  # killed: no close, no checkpoint
"""


@pytest.fixture
def holder(data_dir: Path):
    """Another process has the folder open, with saves in its case log."""
    code = HOLDER.format(root=str(ROOT), tests=str(ROOT / "tests"), data=str(data_dir))
    proc = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "READY"
    yield data_dir
    if proc.poll() is None:
        proc.stdin.write("\n")
        proc.stdin.flush()
    proc.wait(timeout=30)


def main_py(data: Path, *argv: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "main.py", "--data-dir", str(data), *argv],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_list_works_while_the_folder_is_open_and_import_is_refused(holder):
    before = tree(holder)
    result = main_py(holder, "list")
    assert result.returncode == 0, result.stderr  # before: « déjà utilisé… », exit 1
    assert "Boulangerie Martin & Fils" in result.stdout  # its first save, in the log only
    assert "Ancien dossier renommé" in result.stdout  # the logged save, not the file's
    assert "2 dossier(s)." in result.stdout
    listed = json.loads(main_py(holder, "list", "--json").stdout)
    assert {row["subscriber"] for row in listed} == {"Boulangerie Martin & Fils",
                                                    "Ancien dossier renommé"}
    case_id = next(r["id"] for r in listed if r["subscriber"].startswith("Boulangerie"))
    status = main_py(holder, "status", case_id, "--today", "2026-03-01")
    assert status.returncode == 0 and "État du dossier au 1er mars 2026" in status.stdout
    refused = main_py(holder, "import", str(EXAMPLE))
    assert refused.returncode == 1
    assert refused.stderr.startswith("Erreur : Le dossier de données")
    assert "est déjà ouvert dans Recours Télécom par l'utilisateur" in refused.stderr
    assert "sur cet ordinateur depuis le" in refused.stderr
    assert "restent possibles" in refused.stderr
    assert tree(holder) == before  # nothing written, moved or removed by any of them


def test_a_read_only_open_never_writes_and_reads_what_the_index_misses(data_dir):
    with CaseStore.open(data_dir, summarizer=list_summary, durable=False) as store:
        cases = [store.save_case(make_case(f"Dossier {i}")) for i in range(4)]
    # what the next normal open would heal: a shard lost, a case changed behind the index,
    # a leftover journal line, an orphan temporary, an empty cases/xx/ folder
    first, second = cases[0], cases[1]
    (data_dir / "index" / shard_name(shard_of(first.id))).unlink()
    raw = json.loads(case_path(data_dir, second.id).read_text(encoding="utf-8"))
    raw["case"]["1"]["subscriber"]["name"] = "Changé derrière l'index"
    case_path(data_dir, second.id).write_text(json.dumps(raw), encoding="utf-8")
    (data_dir / "cases" / ".rt-tmp-orphan").write_bytes(b"x")
    (data_dir / "cases" / "zz").mkdir()
    before = tree(data_dir)
    with CaseStore.open_read_only(data_dir, summarizer=list_summary) as store:
        names = {s.subscriber_name for s in store.list_cases()}
        assert names == {"Dossier 0", "Changé derrière l'index", "Dossier 2", "Dossier 3"}
        assert store.load_case(second.id).subscriber.name == "Changé derrière l'index"
        assert any("rien n'a été écrit" in note for note in store.notes)
    assert tree(data_dir) == before
    # the normal open still heals it
    with CaseStore.open(data_dir, summarizer=list_summary, durable=False) as store:
        assert len(store.list_cases()) == 4
    assert (data_dir / "index" / shard_name(shard_of(first.id))).exists()


def test_an_unreadable_shard_is_read_around_not_set_aside(data_dir):
    with CaseStore.open(data_dir, summarizer=list_summary, durable=False) as store:
        case = store.save_case(make_case("Dossier abîmé"))
    shard = data_dir / "index" / shard_name(shard_of(case.id))
    shard.write_text("{", encoding="utf-8")
    before = tree(data_dir)
    with CaseStore.open_read_only(data_dir, summarizer=list_summary) as store:
        assert [s.subscriber_name for s in store.list_cases()] == ["Dossier abîmé"]
        assert any("illisible" in note for note in store.notes)
    assert tree(data_dir) == before
    with pytest.raises(StoreCorruptError):  # the normal open still says it
        CaseStore.open(data_dir, durable=False)


def test_every_write_is_refused_and_changes_nothing(data_dir, tmp_path):
    with CaseStore.open(data_dir, summarizer=list_summary, durable=False) as store:
        case = store.save_case(make_case("Dossier"))
    before = tree(data_dir)
    attachment = tmp_path / "piece.txt"
    attachment.write_text("pièce", encoding="utf-8")
    with CaseStore.open_read_only(data_dir) as store:
        loaded = store.load_case(case.id)
        for call in (lambda: store.save_case(loaded), lambda: store.delete_case(case.id),
                     lambda: store.add_exhibit(loaded, attachment), lambda: store.backup(),
                     lambda: store.write_settings({}), lambda: store.save_draft(loaded),
                     lambda: store.refresh_summaries([case.id])):
            with pytest.raises(StoreReadOnlyError) as info:
                call()
            assert "lecture seule" in info.value.message
    assert tree(data_dir) == before


def test_a_missing_folder_is_not_created(tmp_path):
    missing = tmp_path / "absent"
    with CaseStore.open_read_only(missing) as store:
        assert store.list_cases() == []
    assert not missing.exists()
    result = main_py(missing, "list")
    assert result.returncode == 0 and "Aucun dossier." in result.stdout
    assert not missing.exists()


def test_an_interrupted_restore_is_left_to_the_application(data_dir):
    with CaseStore.open(data_dir, durable=False) as store:
        store.save_case(make_case("Dossier"))
    (data_dir / "restore-journal.json").write_text("{}", encoding="utf-8")
    before = tree(data_dir)
    from store.errors import StoreError

    with pytest.raises(StoreError) as info:
        CaseStore.open_read_only(data_dir)
    assert "restauration" in info.value.message and "Rien n'a été modifié" in info.value.message
    assert tree(data_dir) == before


def test_a_shared_folder_is_read_with_its_ledger_and_journals(data_dir):
    with CaseStore.open(data_dir, summarizer=list_summary, durable=False,
                        shared=True) as shared:
        case = shared.save_case(make_case("Dossier partagé"))
        case.notes = "deuxième version"
        case = shared.save_case(case)  # in this instance's journal, not folded yet
        before = tree(data_dir)
        with CaseStore.open_read_only(data_dir, summarizer=list_summary) as store:
            assert store.shared
            [summary] = store.list_cases()
            assert summary.subscriber_name == "Dossier partagé" and summary.revision == 2
            assert store.load_case(case.id).notes == "deuxième version"
        assert tree(data_dir) == before
