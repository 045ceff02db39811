"""The page count of an ordinary PDF without pypdf (importing it costs 30-100 ms, more than
counting the pages of a dossier's exhibits).

:func:`quick_page_count` reads what pypdf reads for ``len(PdfReader(path).pages)``: the
cross-reference table and its trailer (following ``/Prev`` to the older sections of an
incrementally updated file), the catalog, then the page tree from ``/Pages`` down, counting
its ``/Page`` leaves as pypdf does (not trusting ``/Count``). It only handles the plain case:
a classic ``xref`` table, no encryption, page-tree nodes as indirect objects where the table
says they are. For anything else (cross-reference streams, object streams, encryption, a
damaged table, a cycle, an unexpected token) it answers ``None``, « not sure », and the
caller asks pypdf (``documents.exhibits.page_count``); tests/test_pdf_pages.py compares the
two on many files.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

_TAIL = 4096
_OBJECT_WINDOW = 64 * 1024  # a page-tree node's dictionary is far smaller
_MAX_NODES = 100_000
_MAX_SECTIONS = 64

_EOL = rb"(?:\r\n|\r|\n)"
_STARTXREF = re.compile(  # the last three lines, as pypdf reads them back from the end
    _EOL + rb"startxref[ \t]*" + _EOL + rb"(\d+)[ \t]*" + _EOL + rb"%%EOF[ \t\r\n]*\Z")
_WS = b" \t\r\n\f\0"
_DELIMS = b"()<>[]{}/%"
_XREF_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])")
_OBJ_HEADER = re.compile(rb"\s*(\d+)\s+(\d+)\s+obj\b")
_NUMBER = re.compile(rb"[+-]?(?:\d+\.?\d*|\.\d+)")
_SUBSECTION = re.compile(rb"(\d+)\s+(\d+)")
_REF_TAIL = re.compile(rb"\s+(\d+)\s+R(?![A-Za-z0-9])")
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_HEX_STRING = re.compile(rb"<[0-9A-Fa-f \t\r\n\f\0]*>")


class _NotSure(Exception):
    """Something this reader does not handle: let pypdf count."""


class _Ref(tuple):
    """An indirect reference ``N G R``."""


def quick_page_count(path: Path | str) -> int | None:
    """The number of pages of the PDF at ``path``, or ``None`` when this reader is not sure
    (then pypdf must be asked). Never raises for a bad file (``OSError`` included)."""
    try:
        with open(path, "rb") as f:
            return _Reader(f).page_count()
    except (_NotSure, OSError, ValueError, IndexError, RecursionError):
        return None


class _Reader:
    def __init__(self, f) -> None:
        self.f = f
        self.size = os.fstat(f.fileno()).st_size
        self.offsets: dict[int, int | None] = {}  # object number -> offset (None: free)

    def read_at(self, offset: int, size: int) -> bytes:
        if not 0 <= offset < self.size:
            raise _NotSure
        self.f.seek(offset)
        return self.f.read(size)

    # -- cross-reference table -------------------------------------------------------------
    def page_count(self) -> int:
        tail = self.read_at(max(0, self.size - _TAIL), _TAIL)
        found = _STARTXREF.search(tail)
        if found is None:
            raise _NotSure
        trailer = self.read_sections(int(found.group(1)))
        if "/Encrypt" in trailer or "/XRefStm" in trailer:
            raise _NotSure
        root = self.resolve(trailer.get("/Root"))
        pages = self.resolve(root.get("/Pages"))
        return self.count_leaves(pages, root.get("/Pages"))

    def read_sections(self, offset: int) -> dict:
        """Read the table at ``offset`` and the older ones it points to; the newest trailer."""
        newest = None
        seen: set[int] = set()
        while offset is not None:
            if offset in seen or len(seen) >= _MAX_SECTIONS:
                raise _NotSure
            seen.add(offset)
            trailer = self.read_section(offset)
            newest = trailer if newest is None else newest
            if "/XRefStm" in trailer or "/Encrypt" in trailer:
                raise _NotSure
            prev = trailer.get("/Prev")
            if prev is not None and not isinstance(prev, int):
                raise _NotSure
            offset = prev
        return newest

    def read_section(self, offset: int) -> dict:
        data = self.read_at(offset, 1 << 20)
        if not data.startswith(b"xref"):
            raise _NotSure  # a cross-reference stream, or an offset off the mark
        pos = 4
        while True:
            pos = _skip_ws(data, pos)
            if data.startswith(b"trailer", pos):
                trailer, _ = _Parser(data, pos + 7).value()
                if not isinstance(trailer, dict):
                    raise _NotSure
                return trailer
            m = _SUBSECTION.match(data, pos)
            if m is None:
                raise _NotSure
            first, count = int(m.group(1)), int(m.group(2))
            pos = m.end()
            for number in range(first, first + count):
                pos = _skip_ws(data, pos)
                entry = _XREF_ENTRY.match(data, pos)
                if entry is None:
                    raise _NotSure
                pos = entry.end()
                if number not in self.offsets:  # a newer section already said
                    self.offsets[number] = int(entry.group(1)) if entry.group(3) == b"n" \
                        else None
            if pos >= len(data):
                raise _NotSure

    # -- objects ---------------------------------------------------------------------------
    def resolve(self, ref) -> dict:
        if not isinstance(ref, _Ref):
            raise _NotSure  # a direct object where a reference was expected
        number, generation = ref
        offset = self.offsets.get(number)
        if offset is None:
            raise _NotSure
        data = self.read_at(offset, _OBJECT_WINDOW)
        header = _OBJ_HEADER.match(data)
        if header is None or int(header.group(1)) != number or \
                int(header.group(2)) != generation:
            raise _NotSure
        value, _ = _Parser(data, header.end()).value()
        if not isinstance(value, dict):
            raise _NotSure
        return value

    def count_leaves(self, node: dict, ref) -> int:
        """Leaves of the page tree, the way pypdf's ``_flatten`` walks it (non-strict)."""
        count = 0
        stack = [(node, ref)]
        seen = {ref}
        while stack:
            if len(seen) > _MAX_NODES:
                raise _NotSure
            node, _ = stack.pop()
            kind = node.get("/Type")
            if kind is None:
                if "/Kids" in node:
                    kind = "/Pages"
                elif any(key in node for key in ("/Contents", "/MediaBox", "/Parent")):
                    kind = "/Page"
                else:
                    # no page key: pypdf's reading depends on what it is (a content stream
                    # whose only key is /Length reads as an empty dictionary, not a page)
                    raise _NotSure
            if kind == "/Page":
                count += 1
                continue
            if kind != "/Pages":
                raise _NotSure
            kids = node.get("/Kids", [])
            if not isinstance(kids, list):
                raise _NotSure
            for kid in reversed(kids):
                if not isinstance(kid, _Ref) or kid in seen:
                    raise _NotSure
                seen.add(kid)
                stack.append((self.resolve(kid), kid))
        return count


def _skip_ws(data: bytes, pos: int) -> int:
    n = len(data)
    while pos < n:
        c = data[pos]
        if c in _WS:
            pos += 1
        elif c == 0x25:  # % comment, to the end of the line
            while pos < n and data[pos] not in b"\r\n":
                pos += 1
        else:
            break
    return pos


class _Parser:
    """Just enough of PDF's object syntax for trailers and page-tree nodes: dictionaries,
    arrays, names, numbers, references, strings (skipped), booleans and null. Names keep
    their ``#xx`` escapes decoded; strings are returned as ``b""`` (never looked at)."""

    def __init__(self, data: bytes, pos: int) -> None:
        self.data = data
        self.pos = pos
        self.depth = 0

    def value(self):
        data = self.data
        pos = self.pos = _skip_ws(data, self.pos)
        if pos >= len(data):
            raise _NotSure
        if data.startswith(b"<<", pos):
            return self.dictionary(), self.pos
        c = data[pos:pos + 1]
        if c == b"[":
            return self.array(), self.pos
        if c == b"/":
            return self.name(), self.pos
        if c == b"(":
            self.literal_string()
            return b"", self.pos
        if c == b"<":
            m = _HEX_STRING.match(data, pos)
            if m is None:
                raise _NotSure
            self.pos = m.end()
            return b"", self.pos
        for word, value in ((b"true", True), (b"false", False), (b"null", None)):
            if data.startswith(word, pos):
                self.pos = self.token_end(pos + len(word))
                return value, self.pos
        m = _NUMBER.match(data, pos)
        if m is None:
            raise _NotSure
        text = m.group()
        self.pos = self.token_end(m.end())
        if text.isdigit():
            ref = _REF_TAIL.match(data, self.pos)
            if ref is not None:
                self.pos = ref.end()
                return _Ref((int(text), int(ref.group(1)))), self.pos
            return int(text), self.pos
        return float(text), self.pos

    def token_end(self, pos: int) -> int:
        """``pos``, if a token may end there (whitespace, a delimiter, the end)."""
        if pos < len(self.data) and self.data[pos] not in _WS and \
                self.data[pos] not in _DELIMS:
            raise _NotSure
        return pos

    def nested(self):
        self.depth += 1
        if self.depth > 64:
            raise _NotSure
        value, _ = self.value()
        self.depth -= 1
        return value

    def dictionary(self) -> dict:
        self.pos += 2
        out = {}
        while True:
            self.pos = _skip_ws(self.data, self.pos)
            if self.data.startswith(b">>", self.pos):
                self.pos += 2
                return out
            if self.data[self.pos:self.pos + 1] != b"/":
                raise _NotSure
            key = self.name()
            out[key] = self.nested()

    def array(self) -> list:
        self.pos += 1
        out = []
        while True:
            self.pos = _skip_ws(self.data, self.pos)
            if self.data[self.pos:self.pos + 1] == b"]":
                self.pos += 1
                return out
            if self.pos >= len(self.data):
                raise _NotSure
            out.append(self.nested())

    def name(self) -> str:
        data, start = self.data, self.pos + 1
        end = start
        while end < len(data) and data[end] not in _WS and data[end] not in _DELIMS:
            end += 1
        self.pos = end
        raw = _ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), data[start:end])
        return "/" + raw.decode("latin-1")

    def literal_string(self) -> None:
        data, pos, depth = self.data, self.pos + 1, 1
        while pos < len(data):
            c = data[pos]
            if c == 0x5C:  # backslash: the next byte is escaped
                pos += 2
                continue
            if c == 0x28:
                depth += 1
            elif c == 0x29:
                depth -= 1
                if depth == 0:
                    self.pos = pos + 1
                    return
            pos += 1
        raise _NotSure
