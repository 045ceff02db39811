"""documents/email_draft.py: the CPME .eml draft, parsed back with the email package."""

from __future__ import annotations

import re
from datetime import date
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dispute.model import Case, Event, EventKind, HandlingStructure, Line
from documents.email_draft import (
    EmailDraftError,
    encoded_size,
    write_cpme_email_draft,
)
from store.casefile import read_case_file

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 22)


def parse(path: Path):
    return BytesParser(policy=policy.default).parsebytes(path.read_bytes())


def example_case() -> Case:
    return read_case_file(ROOT / "examples" / "facturation-entreprise-cpme").case


def test_draft_roundtrip(tmp_path: Path) -> None:
    case = example_case()
    attachment = tmp_path / "Dossier Rivaud.zip"
    payload = bytes(range(256)) * 100
    attachment.write_bytes(payload)
    out = tmp_path / "courriel.eml"
    result = write_cpme_email_draft(case, out, attachment=attachment, today=TODAY)
    assert result.attached and not result.too_large
    assert result.size == out.stat().st_size
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    msg = parse(out)
    assert msg["X-Unsent"] == "1"
    to = msg["To"].addresses
    assert len(to) == 1
    assert to[0].addr_spec == "dborne@cpme.fr" and to[0].display_name == "Delphine Borne"
    assert msg["From"].addresses[0].addr_spec == "n.garnier@cpme-aubree.example"
    assert msg["Subject"] == "Litige télécom — Menuiserie Rivaud SARL — Orange"
    body = msg.get_body(preferencelist=("plain",)).get_content()
    positions = [body.find(f"{n}. ") for n in range(1, 6)]
    assert all(p >= 0 for p in positions) and positions == sorted(positions)
    assert "la société Menuiserie Rivaud (SARL, SIRET 901 473 629 00011)" in \
        body[positions[0]:positions[1]]  # the request's own wording (review 7.5)
    assert "Orange" in body[positions[1]:positions[2]]
    assert "01 99 00 52 18" in body[positions[2]:positions[3]]
    assert "CTR-2025-0048817" in body[positions[3]:positions[4]]
    assert case.summary[:60] in body[positions[4]:]
    assert "18/05/2026" in body and "[P3, P4]" in body
    html = msg.get_body(preferencelist=("html",)).get_content()
    assert "Menuiserie Rivaud SARL" in html
    attachments = list(msg.iter_attachments())
    assert len(attachments) == 1
    assert attachments[0].get_filename() == "Dossier Rivaud.zip"
    assert attachments[0].get_content_type() == "application/zip"
    assert attachments[0].get_content() == payload


def test_too_large_warns_and_leaves_link_placeholder(tmp_path: Path) -> None:
    attachment = tmp_path / "d.zip"
    attachment.write_bytes(b"\0" * 4000)
    out = tmp_path / "c.eml"
    result = write_cpme_email_draft(example_case(), out, attachment=attachment,
                                    max_attachment_bytes=1000)
    assert result.too_large and not result.attached
    warning = " ".join(result.warnings)
    assert "10 à 25 Mo" in warning and "transfert de fichiers" in warning
    msg = parse(out)
    assert list(msg.iter_attachments()) == []
    body = msg.get_body(preferencelist=("plain",)).get_content()
    assert "LIEN DE TÉLÉCHARGEMENT" in body
    # Forced attachment.
    result = write_cpme_email_draft(example_case(), out, attachment=attachment,
                                    max_attachment_bytes=1000, attach_if_too_large=True)
    assert result.too_large and result.attached
    assert next(parse(out).iter_attachments()).get_content() == b"\0" * 4000


def test_encoded_size() -> None:
    assert encoded_size(3) >= 4
    assert 1.33 < encoded_size(3_000_000) / 3_000_000 < 1.4


def test_missing_attachment(tmp_path: Path) -> None:
    with pytest.raises(EmailDraftError, match="introuvable"):
        write_cpme_email_draft(example_case(), tmp_path / "c.eml", attachment=tmp_path / "x.zip")


def test_missing_items_flagged(tmp_path: Path) -> None:
    case = Case()
    case.subscriber.name = "Société X"
    result = write_cpme_email_draft(case, tmp_path / "c.eml", attachment=None)
    assert any("à compléter" in w for w in result.warnings)
    body = parse(tmp_path / "c.eml").get_body(preferencelist=("plain",)).get_content()
    assert body.count("À COMPLÉTER") == 4  # operator, line, contract, summary
    assert parse(tmp_path / "c.eml")["From"] is None


HOSTILE = st.lists(
    st.one_of(st.text(max_size=12),
              st.sampled_from(["é", "€", "œ", "😀", "<b>", "&", "<script>", "\x00", "\x1f",
                               "\r\n", "\n", "\u202e", "Bcc: x@evil.example", '"', "\ud800"])),
    max_size=15,
).map("".join)


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(name=HOSTILE, summary=HOSTILE, contact=HOSTILE, email=HOSTILE)
def test_hostile_fields(tmp_path: Path, name: str, summary: str, contact: str,
                        email: str) -> None:
    case = Case(summary=summary)
    case.subscriber.name = name
    case.operator.name = name
    case.lines = [Line(number=name)]
    case.handling_structure = HandlingStructure(name=contact, contact_name=contact,
                                                email=email)
    case.events = [Event(kind=EventKind.EMAIL, date=date(2026, 1, 1), summary=summary)]
    attachment = tmp_path / "d.zip"
    attachment.write_bytes(b"PK")
    out = tmp_path / "c.eml"
    write_cpme_email_draft(case, out, attachment=attachment, today=TODAY)
    raw = out.read_bytes()
    msg = parse(out)
    assert msg["Bcc"] is None
    assert [a.addr_spec for a in msg["To"].addresses] == ["dborne@cpme.fr"]
    assert "\n" not in str(msg["Subject"]) and "\r" not in str(msg["Subject"])
    html = msg.get_body(preferencelist=("html",)).get_content()
    assert "<b>" not in html.replace("<p><b>", "").replace("</b></p>", "")
    assert "<script>" not in html
    assert next(msg.iter_attachments()).get_content() == b"PK"
    assert b"\x00" not in raw


def test_long_summary(tmp_path: Path) -> None:
    case = example_case()
    case.summary = "Très long résumé œ € <b> & " * 4000
    write_cpme_email_draft(case, tmp_path / "c.eml", attachment=None)
    body = parse(tmp_path / "c.eml").get_body(preferencelist=("plain",)).get_content()
    assert body.count("Très long résumé") == 4000
    assert all(len(line) <= 998 for line in (tmp_path / "c.eml").read_bytes().split(b"\r\n"))
    assert re.search(r"5\. ", body)
