"""Where the other areas meet the window (issues 9-14, follow-ups): the letters list reads the
engine's decision, the offence and the mandate from the letters tab, totals that say HT or
TTC, the routes of the header and of the case list, a closed case's header, the wizard's
voice and credits, the backup message, the export notes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from dispute.case_list import list_summary  # noqa: E402
from dispute.model import TaxBasis  # noqa: E402
from gui import desktop  # noqa: E402
from gui.case_view import CaseWindow  # noqa: E402
from store.casefile import import_case_file  # noqa: E402
from store.store import CaseStore  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PRIVATE = ROOT / "examples" / "panne-fibre-particulier"
BUSINESS = ROOT / "examples" / "facturation-entreprise-cpme"
TODAY = date(2026, 7, 1)


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setattr(desktop, "opener", lambda url: True)
    with CaseStore.open(tmp_path / "data", summarizer=list_summary, durable=False) as s:
        yield s


def open_window(qtbot, store, case_id, today=TODAY) -> CaseWindow:
    window = CaseWindow(store, case_id, today=today)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.exhibitsChecked, timeout=10_000):
        pass
    window.resize(1200, 800)
    window.show()
    return window


def plain(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


# --------------------------------------------------------------------------------------------
# Totals: HT and TTC are never added as they are


def test_the_case_sheet_says_the_disputed_total_ht_and_ttc(qtbot, store, answers):
    case = import_case_file(store, BUSINESS)
    case.invoice_lines[2].tax_basis = TaxBasis.TTC  # 15,00 € TTC = 12,50 € HT
    store.save_case(case)
    window = open_window(qtbot, store, case.id)
    text = plain(window.section_labels["invoices"].text())
    # 89,00 + 47,36 + 12,50 = 148,86 € HT; 106,80 + 56,83 + 15,00 = 178,63 € TTC
    assert "148,86 € HT, soit 178,63 € TTC contestés" in text, text
    credits = plain(window.section_labels["credits"].text())
    assert "15,00 € HT" in credits, credits


def test_a_private_sheet_says_ttc_and_what_is_claimed_after_the_gesture(qtbot, store, answers):
    case = import_case_file(store, PRIVATE)
    window = open_window(qtbot, store, case.id)
    text = plain(window.section_labels["invoices"].text())
    assert "55,02 € TTC contestés ; 45,02 € TTC réclamés après déduction" in text, text
