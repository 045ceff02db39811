"""The content model: what a letter or a report says, independent of DOCX or PDF.

``compose`` code (what each letter says, from a case) builds these frozen dataclasses; the
renderers (``render_pdf``, ``render_docx``) turn them into files. Nothing here knows about
fonts, millimetres or file formats.

Rules the renderers rely on:

- every string is user text: renderers clean it (:func:`documents.text.clean_text`) and escape
  it; nothing in a string is ever interpreted as markup;
- emphasis exists only through structure: a :class:`Paragraph` is a tuple of :class:`Run`, each
  with its own ``bold`` / ``italic`` flags;
- sequences are stored as tuples (lists given to the constructors are converted), so a letter
  is hashable and cannot change after it was composed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from documents.text import NBSP


def _tuple(obj: object, name: str) -> None:
    """Freeze a list attribute of a frozen dataclass into a tuple (in ``__post_init__``)."""
    value = getattr(obj, name)
    if not isinstance(value, tuple):
        object.__setattr__(obj, name, tuple(value))


class Align(StrEnum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"
    JUSTIFY = "justify"


@dataclass(frozen=True)
class Run:
    """A piece of text with one style. ``text`` may contain ``\\n`` (a line break)."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Paragraph:
    """A paragraph made of runs: ``Paragraph.of("Montant : ", Run("12 €", bold=True))``."""

    runs: tuple[Run, ...]
    align: Align = Align.JUSTIFY

    def __post_init__(self) -> None:
        _tuple(self, "runs")

    @classmethod
    def of(cls, *parts: str | Run, align: Align = Align.JUSTIFY) -> Paragraph:
        """Build from strings (plain runs) and :class:`Run` objects."""
        return cls(tuple(p if isinstance(p, Run) else Run(p) for p in parts), align)

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True)
class Heading:
    """A section title inside the body (level 1 or 2)."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class BulletList:
    items: tuple[Paragraph, ...]

    def __post_init__(self) -> None:
        _tuple(self, "items")

    @classmethod
    def of(cls, *items: str | Paragraph) -> BulletList:
        return cls(tuple(i if isinstance(i, Paragraph) else Paragraph.of(i) for i in items))


@dataclass(frozen=True)
class Table:
    """A table with a header row, optional total row, per-column alignment and widths.

    ``widths`` are relative weights (``(3, 1, 1)``); ``None`` shares the width equally.
    Every row has as many cells as the header (short rows are padded, long rows refused).
    """

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...] = ()
    align: tuple[Align, ...] = ()
    total: tuple[str, ...] | None = None
    widths: tuple[float, ...] | None = None

    def __post_init__(self) -> None:
        n = len(self.header)
        if n == 0:
            raise ValueError("Un tableau doit avoir au moins une colonne.")
        rows = []
        for row in self.rows:
            row = tuple(row)
            if len(row) > n:
                raise ValueError(f"Ligne de tableau trop longue ({len(row)} cellules pour {n}).")
            rows.append(row + ("",) * (n - len(row)))
        object.__setattr__(self, "header", tuple(self.header))
        object.__setattr__(self, "rows", tuple(rows))
        align = tuple(self.align) + (Align.LEFT,) * (n - len(self.align))
        object.__setattr__(self, "align", align[:n])
        if self.total is not None:
            total = tuple(self.total)
            if len(total) > n:
                raise ValueError("Ligne de total trop longue.")
            object.__setattr__(self, "total", total + ("",) * (n - len(total)))
        if self.widths is not None:
            widths = tuple(float(w) for w in self.widths)
            if len(widths) != n or any(w <= 0 for w in widths):
                raise ValueError("Largeurs de colonnes invalides.")
            object.__setattr__(self, "widths", widths)

    def relative_widths(self) -> tuple[float, ...]:
        """Column widths as fractions summing to 1."""
        widths = self.widths or (1.0,) * len(self.header)
        total = sum(widths)
        return tuple(w / total for w in widths)


@dataclass(frozen=True)
class BarChart:
    """A bar chart: one bar per category, or a group of bars (one per series) per category.

    The PDF draws it with ReportLab's graphics (``documents.charts``); Word gets its data as a
    table (``as_table``); the Bilan window paints the same data (gui/bilan_chart.py).
    """

    title: str
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]  # (name, one value per category)
    unit: str = ""  # what the values count, for the axis: « dossiers », « € TTC », « jours »

    def __post_init__(self) -> None:
        _tuple(self, "categories")
        series = tuple((str(name), tuple(float(v) for v in values))
                       for name, values in self.series)
        if not series or any(len(values) != len(self.categories) for _, values in series):
            raise ValueError("Chaque série d'un graphique a une valeur par catégorie.")
        object.__setattr__(self, "series", series)

    def as_table(self) -> Table:
        header = (self.unit or self.title, *(name for name, _ in self.series))
        rows = tuple((cat, *(_number(values[i]) for _, values in self.series))
                     for i, cat in enumerate(self.categories))
        return Table(header, rows, align=(Align.LEFT,) + (Align.RIGHT,) * len(self.series))


def _number(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


Block = Paragraph | Heading | BulletList | Table | BarChart
"""One element of a letter's or a report's body."""


@dataclass(frozen=True)
class Reference:
    """A labelled reference ("N° de contrat" → "123456"), printed under the subject."""

    label: str
    value: str


@dataclass(frozen=True)
class RegisteredMail:
    """The registered-mail mention printed above the subject."""

    tracking_number: str = ""
    label: str = "Lettre recommandée avec accusé de réception"

    @property
    def text(self) -> str:
        number = self.tracking_number.strip()
        return f"{self.label} n°{NBSP}{number}" if number else self.label


@dataclass(frozen=True)
class Signature:
    """Who signs: name, role, and the blank space left for the handwritten signature."""

    name: str
    role: str = ""
    space_mm: float = 22.0
    cosigner: str = ""
    """A second person who signs beside the first, each under a name of their own (the two
    holders of a contract: review2 9.1); "" for one signer."""


@dataclass(frozen=True)
class Enclosure:
    """An exhibit listed under "Pièces jointes": "Pièce n° 3 : facture du 2 février 2026";
    ``number`` 0: a document enclosed that is not a numbered exhibit (the mediator's form,
    the summary sheet), printed by its title alone."""

    number: int
    title: str

    @property
    def label(self) -> str:
        return f"Pièce n°{NBSP}{self.number}" if self.number > 0 else ""

    @property
    def text(self) -> str:
        """The line printed: « Pièce n° 3 : … », or the title alone."""
        return f"{self.label} : {self.title}" if self.label else self.title


@dataclass(frozen=True)
class Letter:
    """A formal letter, in the order it is printed.

    ``sender`` and ``recipient`` are address lines (``PostalAddress.lines(name)``); the
    recipient must respect NF Z10-011 (:func:`documents.layout.check_address` says how it
    does not). ``date`` only feeds the documents' metadata (the visible date is
    ``place_and_date``, built with :func:`documents.text.place_and_date`).
    """

    sender: tuple[str, ...]
    recipient: tuple[str, ...]
    place_and_date: str
    subject: str
    body: tuple[Block, ...] = ()
    salutation: str = "Madame, Monsieur,"
    closing: str = (
        "Je vous prie d'agréer, Madame, Monsieur, l'expression de mes salutations distinguées."
    )
    signature: Signature | None = None
    registered: RegisteredMail | None = None
    references: tuple[Reference, ...] = ()
    enclosures: tuple[Enclosure, ...] = ()
    followed_by: str = ""
    """Optional "Dossier suivi par" line: the value only ("Mme Martin, CPME Calvados")."""
    date: date | None = None
    title: str = ""
    """Document title in the file metadata; defaults to the subject."""
    form: bool = False
    """A document to sign or to copy, not posted (the mandate, the Médiateur des entreprises'
    fiche): no sender nor recipient block, no envelope window nor fold marks, no place and
    date at the top; the subject is printed as the document's title (no « Objet : »)."""

    def __post_init__(self) -> None:
        for name in ("sender", "recipient", "body", "references", "enclosures"):
            _tuple(self, name)


@dataclass(frozen=True)
class Report:
    """A multi-page listing (chronology, exhibit index): title, header fields, free blocks,
    then one main table whose header row repeats on every page. Every page carries
    "page X/Y" and the generation date in its footer."""

    title: str
    generated_on: date
    header: tuple[Reference, ...] = ()
    blocks: tuple[Block, ...] = ()
    table: Table | None = None
    subtitle: str = ""
    landscape: bool = False
    author: str = ""

    def __post_init__(self) -> None:
        _tuple(self, "header")
        _tuple(self, "blocks")


def introduces_list(blocks: Sequence[Block], index: int) -> bool:
    """Whether ``blocks[index]`` is a paragraph announcing the list that follows it (« …
    les démarches suivantes : »): the renderers keep it on the same page as the list."""
    block = blocks[index]
    return (isinstance(block, Paragraph) and index + 1 < len(blocks)
            and isinstance(blocks[index + 1], BulletList) and block.text.rstrip().endswith(":"))


def references_from_pairs(pairs: Iterable[tuple[str, str]]) -> tuple[Reference, ...]:
    """``[("N° de contrat", "123")]`` → references, skipping pairs with an empty value."""
    return tuple(Reference(label, value) for label, value in pairs if str(value).strip())


@dataclass(frozen=True)
class RenderInfo:
    """What a renderer reports back: the number of pages and what it had to flag."""

    pages: int
    warnings: tuple[str, ...] = field(default=())
    compact: bool = False
    """Whether the compact style was used to keep the letter on one page."""
    missing_glyphs: tuple[str, ...] = field(default=())
    """The characters the font cannot draw (printed as an empty box), already said in
    ``warnings`` (``documents.glyphs.glyph_warning``)."""
