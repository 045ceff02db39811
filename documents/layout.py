"""Page geometry of a letter, in millimetres, and the NF Z10-011 address rules.

All positions are measured from the **top-left corner of the A4 sheet** (as a ruler laid on
the paper would), never from ReportLab's bottom-left origin: the renderers convert.

The envelope window (French DL envelope, 110 × 220 mm, window on the right)
---------------------------------------------------------------------------
The usual French DL window envelope has a 45 × 100 mm window about 20 mm from the right edge
and 15 mm from the bottom of the envelope, i.e. 100–200 mm from the envelope's left edge and
50–95 mm from its top. The A4 sheet folded in three (panels of 99 mm) is 99 × 210 mm: it
has about 5 mm of play on each side and up to 11 mm of play in height, and in practice it
slides down to the bottom of the envelope. On the sheet, the window therefore shows roughly
the area 95–195 mm from the left edge and 39–95 mm from the top, depending on where the
sheet sits. The default window below (100–200 mm × 40–85 mm) is that area, rounded; the
address block is printed inside it with generous insets (110–190 mm × 47–75 mm) so that an
address of six lines stays visible wherever the sheet slides. Envelope makers differ: the
user prints the calibration page (``documents.calibration``) and adjusts ``window_left_mm``
and ``window_top_mm`` (and the size) in the settings.

Fold marks
----------
A DL envelope takes an A4 sheet folded in three equal panels: 297 / 3 = 99 mm, so the folds
are at 99 mm and 198 mm from the top. The marks are short strokes in the left margin.

NF Z10-011 (postal address)
---------------------------
At most 6 lines of at most 38 characters, no blank line, the last line (postcode and CITY,
or the COUNTRY for mail abroad, the line before it then being the postcode and city) in
capitals. The composing code validates with :func:`check_address`; the renderers never cut
an address: they shrink the font down to 8 pt, then wrap, and report a warning.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, fields, replace

from documents.text import clean_line

logger = logging.getLogger(__name__)

MM_PER_PT = 25.4 / 72

ADDRESS_MAX_LINES = 6
ADDRESS_MAX_CHARS = 38


SHEET_PLAY_MM = 11.0
"""How far the folded A4 sheet can slide down in a DL envelope (module docstring)."""


@dataclass(frozen=True)
class LetterGeometry:
    """Where everything goes on an A4 letter. Millimetres from the sheet's top-left corner."""

    page_width_mm: float = 210.0
    page_height_mm: float = 297.0
    margin_left_mm: float = 25.0
    margin_right_mm: float = 20.0
    margin_top_mm: float = 15.0
    margin_bottom_mm: float = 22.0
    footer_from_bottom_mm: float = 11.0

    # The envelope window as it lands on the sheet (see module docstring).
    window_left_mm: float = 100.0
    window_top_mm: float = 40.0
    window_width_mm: float = 100.0
    window_height_mm: float = 45.0
    # Insets of the printed address inside the window.
    address_inset_left_mm: float = 10.0
    address_inset_right_mm: float = 10.0
    address_inset_top_mm: float = 7.0
    address_inset_bottom_mm: float = 10.0

    fold_marks: bool = True
    fold_positions_mm: tuple[float, ...] = (99.0, 198.0)

    body_font_pt: float = 10.0
    body_leading_pt: float = 14.0
    small_font_pt: float = 8.5
    address_font_pt: float = 10.0
    address_min_font_pt: float = 8.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "fold_positions_mm", tuple(self.fold_positions_mm))
        problems = self.problems()
        if problems:
            raise ValueError("Géométrie de page invalide : " + " ; ".join(problems))

    # -- derived rectangles -------------------------------------------------------------
    @property
    def content_width_mm(self) -> float:
        return self.page_width_mm - self.margin_left_mm - self.margin_right_mm

    @property
    def address_left_mm(self) -> float:
        return self.window_left_mm + self.address_inset_left_mm

    @property
    def address_top_mm(self) -> float:
        return self.window_top_mm + self.address_inset_top_mm

    @property
    def address_width_mm(self) -> float:
        return self.window_width_mm - self.address_inset_left_mm - self.address_inset_right_mm

    @property
    def address_height_mm(self) -> float:
        return self.window_height_mm - self.address_inset_top_mm - self.address_inset_bottom_mm

    @property
    def window_bottom_mm(self) -> float:
        return self.window_top_mm + self.window_height_mm

    @property
    def first_body_top_mm(self) -> float:
        """Where the flowing text (place and date first) starts on page 1: below whatever the
        window can show when the folded sheet slides down in the envelope (up to
        ``SHEET_PLAY_MM``). A date just under the address could show through the window as
        a seventh address line and mislead La Poste's reading of the postcode and city."""
        return self.window_bottom_mm + SHEET_PLAY_MM

    @property
    def sender_width_mm(self) -> float:
        """The sender block sits top-left, left of the window."""
        return max(40.0, self.window_left_mm - 5.0 - self.margin_left_mm)

    @property
    def date_indent_mm(self) -> float:
        """Place/date and signature are aligned with the address block."""
        return self.address_left_mm - self.margin_left_mm

    def problems(self) -> list[str]:
        """French descriptions of what makes these settings unusable (empty if fine)."""
        out = []
        if not (100 <= self.page_width_mm <= 500 and 100 <= self.page_height_mm <= 500):
            out.append("format de page hors limites")
        for name in ("margin_left_mm", "margin_right_mm", "margin_top_mm", "margin_bottom_mm"):
            if not 0 <= getattr(self, name) <= 60:
                out.append(f"marge {name} hors limites (0 à 60 mm)")
        if self.window_width_mm <= 0 or self.window_height_mm <= 0:
            out.append("fenêtre de taille nulle")
        right = self.window_left_mm + self.window_width_mm
        if self.window_left_mm < 0 or right > self.page_width_mm:
            out.append("fenêtre hors de la largeur de la page")
        if self.window_top_mm < 0 or self.window_bottom_mm > self.page_height_mm / 2:
            out.append("fenêtre hors du haut de la page")
        if self.address_width_mm < 40 or self.address_height_mm < 15:
            out.append("zone d'adresse trop petite (au moins 40 × 15 mm)")
        if not 6 <= self.address_min_font_pt <= self.address_font_pt <= 14:
            out.append("taille de police de l'adresse hors limites")
        return out

    # -- persistence ----------------------------------------------------------------------
    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["fold_positions_mm"] = list(self.fold_positions_mm)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> LetterGeometry:
        """Settings from a stored mapping; unknown keys are ignored (older or newer versions)."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})  # type: ignore[arg-type]

    def moved_window(self, dx_mm: float = 0.0, dy_mm: float = 0.0) -> LetterGeometry:
        """The same settings with the window (and the address) moved by a calibration offset:
        positive ``dx`` to the right, positive ``dy`` down."""
        return replace(
            self,
            window_left_mm=self.window_left_mm + dx_mm,
            window_top_mm=self.window_top_mm + dy_mm,
        )


DEFAULT_GEOMETRY = LetterGeometry()


@dataclass(frozen=True)
class TextMetrics:
    """Font sizes and vertical spacing shared by the PDF and DOCX renderers, in points, so
    both paginate alike. ``compact`` is the slightly tighter style used when it keeps a
    letter on one page."""

    font_pt: float
    leading_pt: float
    para_after_pt: float
    gap_pt: float
    small_pt: float
    compact: bool = False


def text_metrics(geometry: LetterGeometry = DEFAULT_GEOMETRY, compact: bool = False) -> TextMetrics:
    font = geometry.body_font_pt - (0.5 if compact else 0.0)
    leading = geometry.body_leading_pt - (1.5 if compact else 0.0)
    return TextMetrics(
        font_pt=font,
        leading_pt=leading,
        para_after_pt=leading * (0.35 if compact else 0.5),
        gap_pt=leading * (0.6 if compact else 1.0),
        small_pt=geometry.small_font_pt,
        compact=compact,
    )


@dataclass(frozen=True)
class AddressIssue:
    """Something in an address that does not follow NF Z10-011. ``line`` is 1-based, 0 for
    the whole block."""

    line: int
    message: str


def check_address(lines: Sequence[str]) -> list[AddressIssue]:
    """Check a recipient block against NF Z10-011 (≤ 6 lines, ≤ 38 characters, no blank
    line, last line(s) in capitals). Returns the issues in French; empty if it conforms.

    Composing code calls this before rendering; the renderers print the address anyway
    (never cut) and carry the same issues as warnings.
    """
    issues: list[AddressIssue] = []
    cleaned = [clean_line(s) for s in lines]
    if not any(cleaned):
        return [AddressIssue(0, "L'adresse du destinataire est vide.")]
    if len(cleaned) > ADDRESS_MAX_LINES:
        issues.append(
            AddressIssue(
                0,
                f"L'adresse compte {len(cleaned)} lignes ; la norme postale en admet "
                f"{ADDRESS_MAX_LINES} au plus.",
            )
        )
    for i, line in enumerate(cleaned, start=1):
        if not line:
            issues.append(AddressIssue(i, f"La ligne {i} de l'adresse est vide."))
        elif len(line) > ADDRESS_MAX_CHARS:
            issues.append(
                AddressIssue(
                    i,
                    f"La ligne {i} de l'adresse compte {len(line)} caractères ; la norme "
                    f"postale en admet {ADDRESS_MAX_CHARS} au plus.",
                )
            )
    nonblank = [(i, s) for i, s in enumerate(cleaned, start=1) if s]
    if nonblank:
        last_index, last = nonblank[-1]
        to_check = [(last_index, last)]
        if not last[:1].isdigit() and len(nonblank) >= 2:
            # Mail abroad: COUNTRY on the last line, postcode and CITY before it.
            to_check.insert(0, nonblank[-2])
        for i, line in to_check:
            if line != line.upper():
                issues.append(
                    AddressIssue(
                        i, f"La ligne {i} de l'adresse (code postal, ville, pays) doit être "
                        "en majuscules."
                    )
                )
    return issues
