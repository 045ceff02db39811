"""dispute.filenames: names valid on Windows and Linux, whatever the text."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dispute.filenames import (
    FORBIDDEN_CHARACTERS,
    exhibit_filename,
    is_reserved_name,
    safe_filename,
    split_extension,
    unique_names,
)


def assert_valid(name: str, *, max_length: int = 80, max_bytes: int = 255) -> None:
    assert name, "empty name"
    assert unicodedata.normalize("NFC", name) == name
    assert not any(c in FORBIDDEN_CHARACTERS for c in name), name
    assert not any(unicodedata.category(c) in ("Cc", "Cs") for c in name), name
    assert name not in (".", "..")
    assert name[0] not in " ." and name[-1] not in " .", name
    assert not is_reserved_name(name), name
    assert len(name) <= max_length
    assert len(name.encode("utf-8")) <= max_bytes
    assert len(name.encode("utf-16-le")) // 2 <= 255  # NTFS limit in UTF-16 units


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Facture janvier.pdf", "Facture janvier.pdf"),
        ("a<b>.pdf", "a_b_.pdf"),
        ('x:y"z|w?v*u.txt', "x_y_z_w_v_u.txt"),
        ("dossier/sous\\fichier.txt", "dossier_sous_fichier.txt"),
        ("../../etc/passwd", "_._etc_passwd"),
        ("..", "fichier"),
        ("  ...  ", "fichier"),
        ("", "fichier"),
        (" facture. ", "facture"),
        ("Facture...pdf", "Facture.pdf"),
        ("CON", "CON_"),
        ("con.txt", "con_.txt"),
        ("Nul .pdf", "Nul_.pdf"),
        ("COM1.tar.gz", "COM1_.tar.gz"),
        ("lpt9", "lpt9_"),
        ("LPT\u00b9.log", "LPT\u00b9_.log"),
        ("COM10.txt", "COM10.txt"),  # not reserved
        ("CONSOLE.txt", "CONSOLE.txt"),
        ("ligne 1\nligne\t2\r\n", "ligne 1 ligne 2"),
        ("bip\x00\x07\x1f.txt", "bip.txt"),
        ("facture\u202efdp.exe", "facturefdp.exe"),  # bidi override removed
        ("e\u0301te\u0301.pdf", "\u00e9t\u00e9.pdf"),  # NFC
        ("\uff0fetc\uff0fpasswd", "_etc_passwd"),  # full-width slash look-alike
        ("\U0001f600 photo.jpg", "\U0001f600 photo.jpg"),
    ],
)
def test_safe_filename_table(text, expected):
    assert safe_filename(text) == expected
    assert_valid(safe_filename(text))


@pytest.mark.parametrize(
    ("text", "kwargs", "expected"),
    [
        ("Relevé d'œuvre – n° 3.pdf", {"ascii_only": True}, "Releve d'oeuvre - no 3.pdf"),
        ("\U0001f600\U0001f600", {"ascii_only": True}, "fichier"),
        ("", {"fallback": "piece"}, "piece"),
        ("", {"fallback": "CON"}, "CON_"),
        ("???", {"fallback": ""}, "___"),
        ("...", {"fallback": ""}, ""),
        ("CON", {"max_length": 3}, "_CO"),
        ("abcdefghij.pdf", {"max_length": 8}, "abcd.pdf"),
        ("abc.verylongextension", {"max_length": 10}, "abc.verylo"),
    ],
)
def test_safe_filename_options(text, kwargs, expected):
    assert safe_filename(text, **kwargs) == expected


def test_length_is_capped_in_characters_keeping_the_extension():
    name = safe_filename("x" * 300 + ".pdf")
    assert len(name) == 80 and name.endswith(".pdf")


def test_length_is_capped_in_bytes_without_cutting_a_character():
    name = safe_filename("\U0001f600" * 100 + ".jpg")
    assert name.endswith(".jpg")
    assert len(name.encode("utf-8")) <= 255
    assert name == "\U0001f600" * 62 + ".jpg"
    smaller = safe_filename("é" * 100 + ".pdf", max_bytes=21)
    assert smaller == "é" * 8 + ".pdf"


def test_a_cut_does_not_split_a_combining_sequence():
    # NFC gives "ẹ" + combining acute: two code points per letter.
    text = unicodedata.normalize("NFC", "ab" + "e\u0301\u0323" * 10)
    assert len(text) > 12
    for limit in range(3, 12):
        name = safe_filename(text, max_length=limit)
        assert text.startswith(name)
        assert not unicodedata.category(text[len(name)]).startswith("M"), (limit, name)


def test_a_cut_does_not_split_an_emoji_sequence():
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # 5 code points
    name = safe_filename("a" + family * 3, max_length=8)
    assert name == "a" + family
    assert "\u200d" not in name[-1]


@pytest.mark.parametrize(
    ("name", "expected"),
    [("a.pdf", ("a", ".pdf")), ("a", ("a", "")), (".bashrc", (".bashrc", "")),
     ("a.tar.gz", ("a.tar", ".gz")), ("a.b c", ("a.b c", ""))],
)
def test_split_extension(name, expected):
    assert split_extension(name) == expected


def test_unique_names_case_insensitive():
    assert unique_names(["a.pdf", "A.pdf", "b.pdf", "a.PDF"]) == [
        "a.pdf", "A (2).pdf", "b.pdf", "a (3).PDF"]


def test_unique_names_keeps_names_that_exist_later_in_the_list():
    assert unique_names(["a.pdf", "a.pdf", "a (2).pdf"]) == ["a.pdf", "a (3).pdf", "a (2).pdf"]


def test_unique_names_reserved_folders_and_length():
    assert unique_names(["x/manifest.json", "manifest.json"], reserved=["MANIFEST.json"]) == [
        "x/manifest.json", "manifest (2).json"]
    long = "n" * 80 + ".pdf"
    out = unique_names([long, long], max_length=84)
    assert out[1].endswith(" (2).pdf") and len(out[1]) == 84


@given(st.lists(st.sampled_from(["a.pdf", "A.pdf", "a (2).pdf", "b", "B", "é.txt", "É.TXT"]),
                max_size=12))
def test_unique_names_are_distinct(names):
    out = unique_names(names)
    assert len(out) == len(names)
    assert len({n.casefold() for n in out}) == len(out)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((1, "Facture janvier", "pdf"), "P01_Facture_janvier.pdf"),
        ((1, "Facture janvier", ".PDF"), "P01_Facture_janvier.pdf"),
        ((12, "facture.pdf", "pdf"), "P12_facture.pdf"),
        ((99, "Courrier du 03.02.2026", "docx"), "P99_Courrier_du_03_02_2026.docx"),
        ((100, "Photo  boîtier", "jpg"), "P100_Photo_boitier.jpg"),
        ((7, "Relevé « Orange » : mars", "pdf"), "P07_Releve_Orange_mars.pdf"),
        ((3, "\U0001f600", "jpg"), "P03.jpg"),
        ((4, "", ""), "P04"),
        ((5, "CON", "txt"), "P05_CON.txt"),
        ((6, "../../etc/passwd", "pdf"), "P06_etc_passwd.pdf"),
    ],
)
def test_exhibit_filename(args, expected):
    assert exhibit_filename(*args) == expected


def test_exhibit_filename_is_capped():
    name = exhibit_filename(1, "t" * 300, "pdf")
    assert len(name) == 80 and name.startswith("P01_t") and name.endswith(".pdf")


@settings(max_examples=500)
@given(st.text(alphabet=st.characters(codec=None), max_size=400))
def test_any_text_gives_a_valid_name(text):
    assert_valid(safe_filename(text))
    assert_valid(safe_filename(text, ascii_only=True))
    assert safe_filename(text, ascii_only=True).isascii()


@given(st.text(max_size=300), st.integers(min_value=1, max_value=120),
       st.integers(min_value=1, max_value=300))
def test_any_limits_are_respected(text, max_length, max_bytes):
    name = safe_filename(text, max_length=max_length, max_bytes=max_bytes)
    assert name and len(name) <= max_length and len(name.encode("utf-8")) <= max_bytes
    assert not any(c in FORBIDDEN_CHARACTERS for c in name)
    assert not is_reserved_name(name)


@given(st.text(max_size=50))
def test_safe_filename_is_idempotent(text):
    once = safe_filename(text)
    assert safe_filename(once) == once


@given(st.integers(min_value=0, max_value=2000), st.text(max_size=200),
       st.sampled_from(["pdf", ".JPG", "", "tar.gz", "é"]))
def test_any_exhibit_filename_is_valid(number, title, ext):
    name = exhibit_filename(number, title, ext)
    assert_valid(name)
    assert name.isascii()
    assert name.startswith(f"P{number:02d}")


@pytest.mark.parametrize("text", ["﹤", "＜a＞", "a／b", "Objet：x", "＊？", "＂＼｜", "a․b", "‥", "ＣＯＮ"])
def test_compatibility_characters_do_not_become_forbidden_ones_in_ascii(text):
    """NFKD turns « ﹤ » into « < » and « ／ » into « / »: the ASCII name is cleaned after."""
    name = safe_filename(text, ascii_only=True)
    assert_valid(name)
    assert name.isascii()
