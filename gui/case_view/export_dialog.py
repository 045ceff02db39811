"""The export dialog: which dossier (médiateur, CPME, complet), what each route's state means
for it, what the recipient needs — present or missing, and what to do — before « Exporter »
(issue 10 point 5, lead-drive 13), and the zip file to create. Nothing is written here: the
case window exports after OK; with items missing the button reads « Exporter quand même ».
"""


import logging
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from dispute.model import (
    Case,
)
from dispute.procedure import Assessment
from gui import desktop, dialogs
from gui.case_view import text as txt
from gui.case_view.export_checklist import ChecklistPanel
from gui.widgets import InlineMessage, hint_label

logger = logging.getLogger(__name__)

ZIP_NAME_CHARS = 114
"""The suggested zip's name, « .zip » included (the subscriber's name is what gets shorter)."""


def route_review_text(route, today: date) -> str:
    """What the export dialog says under a route that is not open — the same wording as the
    case window: « Non applicable » / « Fermé » with the reason and no opening date, or « pas
    encore ouverte » with what is missing."""
    state = txt.route_state(route, today)
    reasons = " ".join(text.lstrip("• ") for text, _basis in txt.route_reason_lines(route, today))
    if state is txt.RouteState.NOT_APPLICABLE:
        head = txt.tr("Non applicable à ce dossier :")
        tail = ""
    elif state is txt.RouteState.CLOSED:
        head = txt.tr("Voie fermée :")
        tail = ""
    elif state is txt.RouteState.SEIZED:
        head = txt.tr("Déjà saisi :")
        tail = ""
    else:
        head = txt.tr("Voie pas encore ouverte :")
        tail = " " + txt.tr("Le dossier peut être préparé quand même.")
    return f"{head} {reasons}{tail}".strip()


class ExportDialog(QDialog):
    """Choose the dossier (médiateur / CPME / complet) and the zip file to create."""

    def __init__(self, case: Case, assessment: Assessment, today: date, *, target: str = "",
                 fixed: bool = False, email: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from documents.dossier import TARGET_LABELS, DossierTarget

        self.case = case
        self.assessment = assessment
        self.today = today
        self.email = email
        self.setWindowTitle(self.tr("Courriel pour la CPME") if email
                            else self.tr("Exporter le dossier"))
        self.setMinimumWidth(660)
        self.group = QButtonGroup(self)
        self.radios: dict[str, QRadioButton] = {}
        layout = QVBoxLayout(self)
        if email:
            layout.addWidget(hint_label(self.tr(
                "Le dossier complet pour la CPME est créé (fichier zip), puis un brouillon de "
                "courriel (.eml) à côté, adressé au contact télécoms de la CPME, avec le zip "
                "en pièce jointe. Ouvrez-le avec votre messagerie, relisez et envoyez."), self))
        texts = {
            DossierTarget.MEDIATOR: (self.tr("Pour le &médiateur des communications "
                                             "électroniques"), assessment.mediator),
            DossierTarget.CPME: (self.tr("Pour la &CPME (contact litiges télécoms)"),
                                 assessment.cpme),
            DossierTarget.COMPLETE: (self.tr("Dossier complet (&tous les courriers "
                                             "disponibles)"), None),
        }
        for key, (text, route) in texts.items():
            radio = QRadioButton(text, self)
            radio.setAccessibleName(TARGET_LABELS[key])
            self.group.addButton(radio)
            self.radios[key.value] = radio
            layout.addWidget(radio)
            # a private subscriber has no CPME dossier to make: not even offered
            # not offered: another dossier when the target is fixed (the CPME email), or the
            # CPME's for a private subscriber — then neither its note
            hidden = (fixed and key.value != target) or (
                key is DossierTarget.CPME and not case.is_business)
            if fixed and key.value == target:
                # one dossier, no choice: said as a statement, not a lone radio button
                plain = text.replace("&", "")
                if plain.startswith(self.tr("Pour ")):  # « Dossier pour la CPME (…) »
                    plain = self.tr("Dossier {target}").format(target=plain[0].lower()
                                                                + plain[1:])
                self.fixed_label = QLabel(plain, self)
                self.fixed_label.setTextFormat(Qt.TextFormat.PlainText)
                self.fixed_label.setStyleSheet("font-weight: bold;")
                layout.addWidget(self.fixed_label)
                radio.setVisible(False)
            if route is not None and not route.open and not hidden:
                note = hint_label(route_review_text(route, today), self)
                note.setTextFormat(Qt.TextFormat.PlainText)  # reasons quote typed titles
                note.setContentsMargins(0 if fixed else 24, 0, 0, 0)  # under its radio
                layout.addWidget(note)
            if hidden:
                radio.setVisible(False)
        default = target or ("cpme" if case.is_business else "mediator")
        self.radios[default].setChecked(True)
        for key, radio in self.radios.items():
            radio.toggled.connect(lambda on, k=key: on and self._target_changed())
        self.checklist = ChecklistPanel(self, email=email)
        layout.addWidget(self.checklist)
        self.path = QLineEdit(self)
        self.path.setAccessibleName(self.tr("Fichier zip à créer"))
        self.browse = QPushButton(self.tr("&Parcourir…"), self)
        lab = QLabel(self.tr("&Fichier à créer"), self)
        lab.setBuddy(self.path)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        layout.addWidget(lab)
        layout.addLayout(row)
        self.message = InlineMessage(self)
        layout.addWidget(self.message)
        layout.addStretch(1)  # room left when the list gets shorter: above the buttons
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuler"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.browse.clicked.connect(self._browse)
        self._auto_path = ""
        self._shown = False
        self._target_changed()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if not self._shown:  # Qt's first size is the narrowest width's: the list was squeezed
            self._shown = True
            self._fit_to_content()

    def _fit_to_content(self) -> None:
        """As high as the content at the dialog's width: the size hint is the wrapped
        texts' height at the narrowest width, taller (a blank band was left above the
        buttons after a long list gave way to a short one)."""
        self.layout().activate()
        self.resize(self.width(), max(self.minimumHeight(),
                                      self.layout().totalHeightForWidth(self.width())))

    def target(self) -> str:
        return next(k for k, r in self.radios.items() if r.isChecked())

    def suggested_name(self) -> str:
        from dispute.filenames import fit_filename

        names = {"mediator": "Dossier médiateur", "cpme": "Dossier CPME",
                 "complete": "Dossier complet"}
        # a long name is shortened after a whole word, the date and « .zip » kept; no emoji in
        # a name sent as an attachment (fresh-eyes 16)
        return fit_filename([names[self.target()], self.case.subscriber.name or self.case.id,
                             self.today.isoformat()], shorten=1, extension=".zip",
                            max_length=ZIP_NAME_CHARS, pictographs=False)

    def _target_changed(self) -> None:
        from documents.dossier_checklist import dossier_checklist

        sections = dossier_checklist(self.case, self.assessment, self.target())
        self.checklist.set_sections(sections)
        missing = any(section.missing for section in sections)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if self.email:
            ok.setText(self.tr("Créer le courriel quand même") if missing
                       else self.tr("Créer le courriel"))
        else:
            ok.setText(self.tr("Exporter quand même") if missing else self.tr("Exporter"))
        if self.isVisible():  # the list changed: no blank left where a longer one was
            QTimer.singleShot(0, self._fit_to_content)
        current = self.path.text().strip()
        if not current or current == self._auto_path:
            folder = Path(current).parent if current else desktop.start_folder("exports")
            self._auto_path = str(folder / self.suggested_name())
            self.path.setText(self._auto_path)

    def _browse(self) -> None:
        chosen = desktop.pick_save_file(self, self.tr("Enregistrer le dossier"),
                                        self.path.text() or self.suggested_name(),
                                        self.tr("Archive zip (*.zip)"), purpose="exports")
        if chosen is not None:
            self.path.setText(str(chosen))

    def out_path(self) -> Path:
        path = Path(self.path.text().strip()).expanduser()
        return path if path.suffix.lower() == ".zip" else path.with_name(path.name + ".zip")

    def accept(self) -> None:
        text = self.path.text().strip()
        if not text:
            self.message.set_message(self.tr("Choisissez le fichier à créer."), "error")
            return
        path = self.out_path()
        if not path.parent.is_dir():
            self.message.set_message(self.tr("Le dossier « {folder} » n'existe pas.").format(
                folder=path.parent), "error")
            return
        if path.exists() and not dialogs.ask(self, self.tr("Remplacer le fichier"), self.tr(
                "Le fichier « {name} » existe déjà. Le remplacer ?").format(name=path.name)):
            return
        super().accept()
