"""The nature of the dispute, its summary and, for a business, the certified commitments broken."""

from __future__ import annotations

import logging
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from dispute.commitments import CommitmentsError, load_commitments
from dispute.model import Case, DisputeNature, Subscriber, SubscriberKind, Voice
from dispute.validation import ValidationIssue, clean_text, validate_case
from gui.editors.common import FormEditor, enum_label, tab_order, widget_error
from gui.widgets import DateField, InlineMessage, hint_label, issues_text

logger = logging.getLogger(__name__)


class _SummaryEdit(QPlainTextEdit):
    """Multi-line text where Tab moves to the next field (a tab is never useful here)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)


CHARACTERS_PER_PAGE = 4300
"""Characters of summary per A4 page of letter, measured on the mise en demeure (the longest
letter quoting the summary): 0 → 2 pages, 6,000 → 3, 9,000 → 4, 15,000 → 5, 31,000 → 9."""
LETTER_BASE_PAGES = 1.5
SUMMARY_PAGES_WARNING = 2


def summary_pages(characters: int) -> tuple[float, int]:
    """(pages the summary itself fills, pages of the longest letter quoting it), estimated
    from its length; the letters' real page count is in their preview."""
    import math

    pages = characters / CHARACTERS_PER_PAGE
    return pages, max(1, math.ceil(LETTER_BASE_PAGES + pages))


def summary_missing_samples() -> tuple[ValidationIssue, ...]:
    """« Résumé du litige manquant… », for a business and for a private subscriber: the
    message under the summary keeps room for it."""
    out = []
    for kind in SubscriberKind:
        case = Case(subscriber=Subscriber(kind=kind))
        out += [i for i in validate_case(case, date.today()) if i.path == "summary"]
    return tuple(out)


class DisputeEditor(FormEditor):
    prefixes = ("natures", "summary", "broken_commitments", "portability_requested_on")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = self.tr("Nature du litige")
        self.natures_box = QGroupBox(self.tr("Nature du litige (cochez tout ce qui s'applique)"),
                                     self)
        grid = QGridLayout(self.natures_box)
        grid.setVerticalSpacing(4)
        self.nature_checks: dict[DisputeNature, QCheckBox] = {}
        mnemonics = {
            DisputeNature.MISSING_SERVICE: "&Absence d'un ou plusieurs services",
            DisputeNature.TRANSFER_ON_MOVE: "&Transfert de ligne lors d'un déménagement",
            DisputeNature.LINE_OVERWRITTEN: "É&crasement de ligne",
            DisputeNature.BILLING: "&Mauvaise facturation",
            DisputeNature.OUTAGE: "Panne ou &interruption de service",
            DisputeNature.TERMINATION: "&Résiliation",
            DisputeNature.PORTABILITY: "Portabilité du &numéro",
            DisputeNature.OTHER: "A&utre",
        }
        natures = list(DisputeNature)
        half = (len(natures) + 1) // 2
        for index, nature in enumerate(natures):
            box = QCheckBox(self.tr(mnemonics.get(nature, enum_label(nature))), self.natures_box)
            box.setAccessibleName(self.tr("Nature : {label}").format(label=enum_label(nature)))
            box.toggled.connect(lambda _on: self._emit("natures"))
            grid.addWidget(box, index % half, index // half)
            self.nature_checks[nature] = box
        # its only message, « Nature du litige non précisée. », holds on one line: two
        # reserved lines looked like a hole between the natures and the summary
        self.natures_message = InlineMessage(self, lines=1)
        # v3: the day the portability was requested (the L.224-42-1 letter counts from it)
        self.portability_row = QWidget(self)
        row = QHBoxLayout(self.portability_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.portability_date = DateField(self.portability_row)
        self.portability_date.setAccessibleName(self.tr(
            "Date de la demande de portabilité ou de changement d'opérateur"))
        self.portability_label = QLabel(self.tr(
            "Portabilité ou changement d'opérateur &demandé le"), self.portability_row)
        self.portability_label.setBuddy(self.portability_date)
        row.addWidget(self.portability_label)
        row.addWidget(self.portability_date)
        row.addStretch(1)
        self.portability_hint = hint_label(self.tr(
            "Le jour de la demande au nouvel opérateur : le portage est dû un jour ouvrable "
            "plus tard, et l'indemnité de retard (art. L.224-42-1) se compte à partir de là."),
            self)
        self.portability_message = InlineMessage(self)
        self.portability_date.edited.connect(lambda: self._emit("portability_requested_on"))
        self.nature_checks[DisputeNature.PORTABILITY].toggled.connect(
            lambda _on: self._show_portability())

        self.summary = _SummaryEdit(self)
        self.summary.setAccessibleName(self.tr("Résumé du litige"))
        self.summary.setPlaceholderText(self.tr(
            "Racontez les faits dans l'ordre, avec les dates : ce qui était prévu, ce qui s'est "
            "passé, les démarches faites et les réponses obtenues, ce que vous demandez. "
            "Écrivez-le avec la voix choisie ci-dessus (« j'ai appelé le service clients "
            "le… » pour l'abonné)."))
        self.summary.setMinimumHeight(100)
        self.summary.setMaximumHeight(160)
        self.summary.textChanged.connect(self._summary_changed)
        self.summary_label = QLabel(self.tr("Résumé &fidèle, clair et chronologique"), self)
        self.summary_label.setBuddy(self.summary)
        # one message under the summary: « Résumé … manquant » while it is empty, then its
        # length (two rooms of two lines each made a hole under the summary); its room is
        # kept for the longest of them, read whole: nothing moves while typing
        self.summary_message = InlineMessage(self)
        self.summary_message.setAccessibleName(self.tr("Longueur du résumé"))
        self.summary_message.reserve_for(
            *(issues_text([issue]) for issue in summary_missing_samples()),
            self._length_text(99_999)[0])
        self.summary_length = self.summary_message  # the name the length had
        self._length_shown = False
        # who the summary speaks as: a letter signed by someone else quotes it (issue 10)
        self.voice = QComboBox(self)
        for voice in Voice:
            self.voice.addItem(enum_label(voice), voice.value)
        self.voice.setAccessibleName(self.tr("Voix du résumé"))
        self.voice_label = QLabel(self.tr("&Le résumé est rédigé :"), self)
        self.voice_label.setBuddy(self.voice)
        self.voice.currentIndexChanged.connect(lambda _i: self._voice_changed())

        self.commitments_box = QGroupBox(self.tr("Engagements certifiés non respectés "
                                                 "(clients entreprises, facultatif)"), self)
        self.commitments_intro = hint_label(self.tr(
            "Les engagements certifiés sont les engagements de service que l'opérateur annonce "
            "à ses clients professionnels, chacun sous un numéro (6.4, 8.1…) ; cette rubrique "
            "est facultative."), self.commitments_box)
        self.commitments = QListWidget(self.commitments_box)
        self.commitments.setAccessibleName(self.tr("Engagements certifiés non respectés"))
        self.commitments.setWordWrap(True)
        self.commitments.setUniformItemSizes(False)
        self.commitments.setMinimumHeight(220)
        self.commitments_label = QLabel(self.tr("Cochez ceux que l'opérateur n'a pas tenus : "
                                                "les courriers les citeront par leur numéro et "
                                                "leur te&xte."), self.commitments_box)
        self.commitments_label.setWordWrap(True)
        self.commitments_label.setBuddy(self.commitments)
        self.commitments_message = InlineMessage(self)
        box_layout = QVBoxLayout(self.commitments_box)
        box_layout.addWidget(self.commitments_intro)
        box_layout.addWidget(self.commitments_label)
        box_layout.addWidget(self.commitments)
        box_layout.addWidget(self.commitments_message)
        self._known: set[str] = set()
        try:
            commitments = load_commitments()
        except CommitmentsError as exc:
            logger.warning("Commitments not loaded: %s", exc)
            self.commitments_message.set_message(str(exc), "warning")
        else:
            for commitment in commitments:
                item = QListWidgetItem(f"{commitment.number} — {commitment.text}")
                item.setData(Qt.ItemDataRole.UserRole, commitment.number)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
                item.setToolTip(commitment.citation())
                self.commitments.addItem(item)
                self._known.add(commitment.number)
        self.commitments.itemChanged.connect(lambda _item: self._emit("broken_commitments"))
        self._extra_commitments: list[str] = []

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.natures_box)
        layout.addWidget(self.natures_message)
        layout.addWidget(self.portability_row)
        layout.addWidget(self.portability_hint)
        layout.addWidget(self.portability_message)
        layout.addWidget(self.summary_label)
        self.summary_hint = hint_label("", self)
        layout.addWidget(self.summary_hint)
        voice_row = QHBoxLayout()
        voice_row.addWidget(self.voice_label)
        voice_row.addWidget(self.voice)
        voice_row.addStretch(1)
        layout.addLayout(voice_row)
        layout.addWidget(self.summary, 1)
        layout.addWidget(self.summary_message)
        layout.addWidget(self.commitments_box, 1)
        # Tab as shown: the natures (column by column), the portability date, « Le résumé
        # est rédigé », the summary, then the commitments (created in another order)
        tab_order(*self.nature_checks.values(), self.portability_date, self.voice, self.summary,
                  self.commitments)
        self.route("natures", self.natures_message, self.natures_box)
        self.route("summary", self.summary_message, self.summary)
        self.route("broken_commitments", self.commitments_message, self.commitments)
        self.route("portability_requested_on", self.portability_message, self.portability_date)
        self._business = False
        self.commitments_box.setVisible(False)
        self.set_business(False)

    def _show_portability(self) -> None:
        """The request date for a portability, or when one is already recorded (never
        hidden with a value in it)."""
        shown = self.nature_checks[DisputeNature.PORTABILITY].isChecked() or \
            self.portability_date.date_value() is not None or bool(self.portability_date.error())
        self.portability_row.setVisible(shown)
        self.portability_hint.setVisible(shown)
        self.portability_message.setVisible(shown)  # its room goes with its field

    def widget_issues(self):
        if self.portability_date.error():
            return [widget_error("portability_requested_on", self.portability_date.error())]
        return []

    def _summary_changed(self) -> None:
        self._show_length()
        self._emit("summary")

    def show_issues(self, issues) -> None:
        super().show_issues(issues)
        self._length_shown = False
        if not self.summary_message.text():  # no warning about the summary: its length
            self._show_length()

    def _length_text(self, characters: int) -> tuple[str, str]:
        """What the summary's length means for the letters, and its severity."""
        pages, letter = summary_pages(characters)
        count = f"{characters:,}".replace(",", "\u202f")
        if pages > SUMMARY_PAGES_WARNING:
            return self.tr(
                "{n} caractères, environ {p} pages dans chaque courrier qui le reprend (la "
                "mise en demeure en fera {l}). Au-delà de deux pages, gardez l'essentiel ici et "
                "mettez le détail des échanges dans la chronologie (un événement par appel ou "
                "courrier) ou en pièce jointe.").format(n=count, p=round(pages),
                                                         l=letter), "warning"
        return self.tr(
            "{n} caractères : les courriers qui reprennent le résumé feront environ "
            "{pages}.").format(n=count, pages=self.tr("1 page") if letter == 1
                               else self.tr("{l} pages").format(l=letter)), "info"

    def _show_length(self) -> None:
        text = self.summary.toPlainText().strip()
        if not text:
            if self._length_shown:  # the length of a summary now erased
                self.summary_message.clear()
                self._length_shown = False
            return
        self.summary_message.set_message(*self._length_text(len(text)))
        self._length_shown = True

    def set_business(self, business: bool) -> None:
        """Show the commitments for a business subscriber (or when some are already ticked)."""
        self._business = business
        self.commitments_box.setVisible(business or bool(self.selected_commitments()))
        self._show_hint()

    def _voice_changed(self) -> None:
        self._show_hint()
        self._emit("summary_voice")

    def _show_hint(self) -> None:
        # the CPME route is for businesses: a private case hears nothing of its five items
        use = (self.tr("Exigé par la CPME (élément 5) et utile au Médiateur des entreprises.")
               if self._business else self.tr("Utile au médiateur."))
        voice = Voice(self.voice.currentData() or Voice.SUBSCRIBER.value)
        signer = {Voice.SUBSCRIBER: self.tr("l'abonné"),
                  Voice.STRUCTURE: self.tr("la structure")}.get(voice)
        if signer is None:
            how = self.tr("Les courriers le citent entre guillemets, sous « Exposé des "
                          "faits ».")
        else:
            how = self.tr("Les courriers que {s} signe le reprennent tel quel (« Les faits "
                          "sont les suivants… ») ; les autres le citent entre guillemets, sous "
                          "« Exposé des faits ».").format(s=signer)
        self.summary_hint.setText(f"{use} {how}")

    def selected_commitments(self) -> list[str]:
        out = []
        for row in range(self.commitments.count()):
            item = self.commitments.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(item.data(Qt.ItemDataRole.UserRole))
        return out + self._extra_commitments

    def natures(self) -> list[DisputeNature]:
        return [n for n, box in self.nature_checks.items() if box.isChecked()]

    def load(self, case: Case) -> None:
        self.begin_load()
        try:
            for nature, box in self.nature_checks.items():
                box.setChecked(nature in case.natures)
            if self.summary.toPlainText() != case.summary:
                self.summary.setPlainText(case.summary)
            self._show_length()
            ticked = set(case.broken_commitments)
            for row in range(self.commitments.count()):
                item = self.commitments.item(row)
                number = item.data(Qt.ItemDataRole.UserRole)
                item.setCheckState(Qt.CheckState.Checked if number in ticked
                                   else Qt.CheckState.Unchecked)
            # numbers unknown to the shipped list are kept as they are (never lost)
            self._extra_commitments = [n for n in case.broken_commitments
                                       if n not in self._known]
            self.voice.setCurrentIndex(max(0, self.voice.findData(case.summary_voice.value)))
            self.portability_date.set_date_value(case.portability_requested_on)
            self._show_portability()
            self.set_business(case.is_business)
        finally:
            self.end_load()

    def apply(self, case: Case) -> None:
        case.natures = self.natures()
        case.summary = clean_text(self.summary.toPlainText()).strip()
        case.broken_commitments = self.selected_commitments()
        case.summary_voice = Voice(self.voice.currentData() or Voice.SUBSCRIBER.value)
        case.portability_requested_on = self.portability_date.date_value()
