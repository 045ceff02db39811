"""Paramètres: the handling structure's identity, letters' defaults, the envelope window, and
the data folder. Letter settings live in the data folder (``store.write_settings``) so they
travel with the cases; the data folder choice lives in QSettings (it cannot live inside it).

The same dialog, ``guided``, is the first-launch set-up (« Premiers réglages »): the structure,
the signer and the place of letters, the envelope window, one step at a time, skippable. It
opens by itself on a data folder where it was neither done nor skipped
(:func:`needs_first_launch`), and again from Outils or from Paramètres.

The structure is checked as the new-case wizard checks it
(``dispute.validation.validate_handling_structure``): an error (a city without postcode…)
shows in the Structure tab's reserved message room, keeps the set-up on its first step and
saves nothing; « Passer pour l'instant » still skips.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dispute.model import StructureKind
from gui import dialogs
from gui.editors.subscriber import enum_combo, set_choice
from gui.settings_keys import DATA_DIR_KEY
from gui.widgets import InlineMessage

logger = logging.getLogger(__name__)

SETTINGS_KEY = "letters"
FIRST_LAUNCH_KEY = "first_launch"
"""In the data folder's settings: ``{"done": bool, "skipped": bool}`` once the first-launch
set-up was finished or skipped."""
GUIDED_STEPS = ("Votre structure", "Courriers : signataire et lieu", "Fenêtre d'enveloppe")


def needs_first_launch(store) -> bool:
    """Whether the first-launch set-up should open by itself: only on a truly new data
    folder — the set-up never finished nor skipped there, no letter setting saved (structure,
    place, envelope window…) and no case in it. An existing team folder opened from another
    computer, or a folder set up before the set-up existed, is left alone; the set-up stays
    in Outils and in Paramètres."""
    from store.errors import StoreError

    try:
        data = store.read_settings()
    except StoreError:
        return False  # the case window says the settings are unreadable
    if data.get(FIRST_LAUNCH_KEY):
        return False
    if not letter_settings_are_empty(data.get(SETTINGS_KEY)):
        return False
    return not store.list_cases()  # unreadable cases included


def letter_settings_are_empty(stored) -> bool:
    """Whether the stored letter settings say nothing: absent, or the defaults with a
    structure whose every field is blank."""
    from documents.letter_settings import LetterSettings, StructureIdentity

    if not stored:
        return True
    settings = LetterSettings.from_dict(stored)
    structure = settings.structure
    blank = all(not str(value).strip() for value in (*structure.street_lines,
                                                      *(getattr(structure, f) for f in (
                                                          "name", "postcode", "city",
                                                          "contact_name", "contact_role",
                                                          "phone", "email",
                                                          "signature_line"))))
    return blank and structure.kind is None \
        and settings.with_(structure=StructureIdentity()) == LetterSettings()


def structure_message_samples() -> tuple[list, ...]:
    """The longest messages the structure's room shows (``reserve_for_issues``): an address
    with neither postcode nor city, a postcode that lost its leading 0."""
    from dispute.model import HandlingStructure, PostalAddress
    from dispute.validation import errors, validate_handling_structure

    return tuple(errors(validate_handling_structure(HandlingStructure(address=address)))
                 for address in (PostalAddress(street_lines=["1 rue de la Paix"]),
                                 PostalAddress(postcode="1400", city="Caen")))


def _kind(value) -> StructureKind | None:
    return StructureKind(value) if value else None


def mark_first_launch(store, *, skipped: bool) -> None:
    from store.errors import StoreError

    try:
        data = store.read_settings()
    except StoreError:
        data = {}
    data[FIRST_LAUNCH_KEY] = {"done": not skipped, "skipped": skipped}
    store.write_settings(data)


def load_letter_settings(store):
    """The letter settings of this data folder; defaults (with a message) when unreadable."""
    from documents.letter_settings import LetterSettings
    from store.errors import StoreError

    try:
        data = store.read_settings()
    except StoreError as exc:
        logger.warning("Paramètres illisibles : %s", exc.message)
        return LetterSettings(), exc.message
    return LetterSettings.from_dict(data.get(SETTINGS_KEY)), None


def save_letter_settings(store, settings) -> None:
    from store.errors import StoreError

    try:
        data = store.read_settings()
    except StoreError:
        data = {}
    data[SETTINGS_KEY] = settings.to_dict()
    store.write_settings(data)


def _spin(value: float, minimum: float, maximum: float, name: str) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(minimum, maximum)
    box.setDecimals(1)
    box.setSingleStep(0.5)
    box.setSuffix(" mm")
    box.setValue(value)
    box.setAccessibleName(name)
    return box


class SettingsDialog(QDialog):
    """Paramètres; ``guided=True``: the first-launch set-up, one step at a time."""

    def __init__(self, store, parent=None, *, guided: bool = False) -> None:
        super().__init__(parent)
        self._store = store
        self.guided = False
        self.settings, problem = load_letter_settings(store)
        if problem:
            dialogs.critical(self, self.tr("Paramètres"), problem)

        tabs = QTabWidget()
        tabs.addTab(self._structure_tab(), self.tr("&Structure"))
        tabs.addTab(self._letters_tab(), self.tr("&Courriers"))
        tabs.addTab(self._envelope_tab(), self.tr("Envelo&ppe"))
        self._data_page = self._data_tab()
        tabs.addTab(self._data_page, self.tr("&Données"))
        self.tabs = tabs

        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.setVisible(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("&Enregistrer"))
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText(self.tr("Annuler"))
        self.guide_button = self.buttons.addButton(self.tr("Premiers &réglages pas à pas…"),
                                                   QDialogButtonBox.ButtonRole.ResetRole)
        self.back_button = self.buttons.addButton(self.tr("< &Précédent"),
                                                  QDialogButtonBox.ButtonRole.ActionRole)
        self.next_button = self.buttons.addButton(self.tr("&Suivant >"),
                                                  QDialogButtonBox.ButtonRole.ActionRole)
        # the last step's button, in the place of « Suivant » (after « Précédent »)
        self.finish_button = self.buttons.addButton(self.tr("&Terminer et enregistrer"),
                                                    QDialogButtonBox.ButtonRole.ActionRole)
        self.finish_button.clicked.connect(self.accept)
        self.guide_button.clicked.connect(lambda: self.set_guided(True))
        self.back_button.clicked.connect(lambda: self._step(-1))
        self.next_button.clicked.connect(lambda: self._step(1))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(tabs)
        layout.addWidget(self.buttons)
        self.resize(640, 540)
        self.set_guided(guided)

    # -- guided set-up ------------------------------------------------------------------

    def set_guided(self, guided: bool) -> None:
        """Switch between Paramètres (tabs) and the step-by-step first-launch set-up."""
        self.guided = guided
        data_index = self.tabs.indexOf(self._data_page)
        self.tabs.setTabVisible(data_index, not guided)
        self.tabs.tabBar().setVisible(not guided)
        self.guide_button.setVisible(not guided)
        self.back_button.setVisible(guided)
        self.next_button.setVisible(guided)
        self.intro.setVisible(guided)
        self.cancel_button.setText(self.tr("Passer pour l'instant") if guided
                                   else self.tr("Annuler"))
        if guided:
            self.tabs.setCurrentIndex(0)
        self._update_step()

    def _step(self, delta: int) -> None:
        if delta > 0 and self.tabs.currentIndex() == 0 and not self._check_structure():
            return  # the structure's message says what to correct (or « Passer »)
        self.tabs.setCurrentIndex(max(0, min(len(GUIDED_STEPS) - 1,
                                             self.tabs.currentIndex() + delta)))
        self._update_step()

    def _update_step(self) -> None:
        if not self.guided:
            self.setWindowTitle(self.tr("Paramètres"))
            self.save_button.setVisible(True)
            self.finish_button.setVisible(False)
            return
        index = self.tabs.currentIndex()
        last = index == len(GUIDED_STEPS) - 1
        self.setWindowTitle(self.tr("Premiers réglages — étape {n} sur {total}").format(
            n=index + 1, total=len(GUIDED_STEPS)))
        self.intro.setText(self.tr(
            "<b>{step}</b><br>Ces réglages servent à tous les courriers ; vous pourrez les "
            "changer à tout moment dans Outils > Paramètres. « Passer pour l'instant » laisse "
            "les valeurs par défaut (les courriers porteront alors « [Structure à "
            "compléter] »).").format(step=self.tr(GUIDED_STEPS[index])))
        self.back_button.setEnabled(index > 0)
        self.next_button.setVisible(not last)
        self.save_button.setVisible(False)
        self.finish_button.setVisible(last)
        (self.finish_button if last else self.next_button).setDefault(True)

    # -- tabs -------------------------------------------------------------------------

    @staticmethod
    def _page(intro_text: str) -> tuple[QWidget, QFormLayout]:
        """A tab: an explanation on top, the form under it, free space at the bottom."""
        page = QWidget()
        outer = QVBoxLayout(page)
        intro = QLabel(intro_text)
        intro.setWordWrap(True)
        outer.addWidget(intro)
        form = QFormLayout()
        outer.addLayout(form)
        outer.addStretch(1)
        return page, form

    def _line(self, form: QFormLayout, label: str, value: str, name: str) -> QLineEdit:
        edit = QLineEdit(value)
        edit.setAccessibleName(name)
        caption = QLabel(label)
        caption.setBuddy(edit)
        form.addRow(caption, edit)
        return edit

    def _structure_tab(self) -> QWidget:
        s = self.settings.structure
        page, form = self._page(self.tr(
            "La structure qui prépare les dossiers (CPME, point d'accueil…). Elle apparaît "
            "comme expéditeur ou « dossier suivi par » dans chaque courrier."))
        self.structure_name = self._line(form, self.tr("&Nom :"), s.name, self.tr("Nom de la structure"))
        # CPME / association de consommateurs / autre: the CPME route, the mandate and the
        # letters' « l'association » depend on it; offered with the rest to each new case
        self.structure_kind = enum_combo(self, StructureKind)
        self.structure_kind.setAccessibleName(self.tr("Type de structure"))
        set_choice(self.structure_kind, s.kind)
        kind_label = QLabel(self.tr("T&ype :"))
        kind_label.setBuddy(self.structure_kind)
        form.addRow(kind_label, self.structure_kind)
        self.structure_street = QPlainTextEdit("\n".join(s.street_lines))
        self.structure_street.setAccessibleName(self.tr("Adresse (rue, complément)"))
        self.structure_street.setFixedHeight(64)
        self.structure_street.setTabChangesFocus(True)  # Tab goes on to the postcode
        street_label = QLabel(self.tr("&Adresse :"))
        street_label.setBuddy(self.structure_street)
        form.addRow(street_label, self.structure_street)
        self.structure_postcode = self._line(form, self.tr("Code p&ostal :"), s.postcode,
                                             self.tr("Code postal"))
        self.structure_city = self._line(form, self.tr("&Ville :"), s.city, self.tr("Ville"))
        # what the wizard would refuse in this structure (a city without postcode…): said
        # here, in room kept for it, so nothing moves when it comes and goes
        self.structure_message = InlineMessage(page)
        self.structure_message.reserve_for_issues(*structure_message_samples())
        form.addRow("", self.structure_message)
        self.structure_contact = self._line(form, self.tr("&Interlocuteur :"), s.contact_name,
                                            self.tr("Interlocuteur"))
        self.structure_role = self._line(form, self.tr("&Fonction :"), s.contact_role,
                                         self.tr("Fonction de l'interlocuteur"))
        self.structure_phone = self._line(form, self.tr("&Téléphone :"), s.phone,
                                          self.tr("Téléphone"))
        self.structure_email = self._line(form, self.tr("Co&urriel :"), s.email, self.tr("Courriel"))
        self.structure_signature = self._line(
            form, self.tr("Ligne de si&gnature :"), s.signature_line, self.tr("Ligne de signature"))
        self.structure_signature.setPlaceholderText(
            self.tr("Par exemple : Pour la CPME du Calvados, la chargée de mission"))
        for edit in (self.structure_name, self.structure_postcode, self.structure_city,
                     self.structure_phone, self.structure_email):
            edit.textChanged.connect(lambda _text: self._recheck_structure())
        self.structure_street.textChanged.connect(self._recheck_structure)
        return page

    def _letters_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.place = self._line(form, self.tr("&Lieu par défaut :"), self.settings.place,
                                self.tr("Lieu des courriers"))
        self.place.setPlaceholderText(self.tr("Vide : la ville de celui qui écrit"))
        hint = QLabel(self.tr("Imprimé avant la date : « Caen, le 1er mars 2026 ». Laissé vide, "
                              "c'est la ville de la structure quand elle signe, sinon celle "
                              "de l'abonné."))
        hint.setWordWrap(True)
        form.addRow("", hint)
        self.structure_signs = QCheckBox(self.tr(
            "La structure &écrit et signe pour l'abonné (sinon : « dossier suivi par »)"))
        self.structure_signs.setChecked(self.settings.structure_signs)
        form.addRow(self.structure_signs)
        self.notice_days = QSpinBox()
        self.notice_days.setRange(1, 90)
        self.notice_days.setSuffix(self.tr(" jours"))
        self.notice_days.setValue(self.settings.formal_notice_days)
        self.notice_days.setAccessibleName(self.tr("Délai laissé par la mise en demeure"))
        label = QLabel(self.tr("Délai de la &mise en demeure :"))
        label.setBuddy(self.notice_days)
        form.addRow(label, self.notice_days)
        form.addRow("", QLabel(self.tr("Un choix de l'expéditeur, pas un délai légal.")))
        return page

    def _envelope_tab(self) -> QWidget:
        g = self.settings.geometry
        page, form = self._page(self.tr(
            "Position de la fenêtre de l'enveloppe (DL à fenêtre à droite), mesurée depuis le "
            "bord gauche et le bord haut de la feuille A4. Imprimez la page de calibrage, "
            "glissez-la pliée dans une enveloppe et reportez ici ce que vous lisez."))
        self.window_left = _spin(g.window_left_mm, 0, 200, self.tr("Bord gauche de la fenêtre"))
        self.window_top = _spin(g.window_top_mm, 0, 200, self.tr("Bord haut de la fenêtre"))
        self.window_width = _spin(g.window_width_mm, 40, 200, self.tr("Largeur de la fenêtre"))
        self.window_height = _spin(g.window_height_mm, 20, 150, self.tr("Hauteur de la fenêtre"))
        for text, box in ((self.tr("Bord &gauche :"), self.window_left),
                          (self.tr("Bord &haut :"), self.window_top),
                          (self.tr("&Largeur :"), self.window_width),
                          (self.tr("Ha&uteur :"), self.window_height)):
            label = QLabel(text)
            label.setBuddy(box)
            form.addRow(label, box)
        self.calibration_button = QPushButton(self.tr("&Imprimer la page de calibrage…"))
        self.calibration_button.clicked.connect(self.print_calibration)
        form.addRow(self.calibration_button)
        return page

    def _data_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.data_dir_label = QLabel(str(self._store.data_dir))
        self.data_dir_label.setWordWrap(True)
        form.addRow(self.tr("Dossier actuel :"), self.data_dir_label)
        self.next_data_dir = QLineEdit(QSettings().value(DATA_DIR_KEY) or "")
        self.next_data_dir.setAccessibleName(self.tr("Dossier des données au prochain démarrage"))
        self.next_data_dir.setPlaceholderText(self.tr("Dossier par défaut de l'utilisateur"))
        browse = QPushButton(self.tr("Ch&oisir…"))
        browse.clicked.connect(self._browse_data_dir)
        row = QHBoxLayout()
        row.addWidget(self.next_data_dir, 1)
        row.addWidget(browse)
        label = QLabel(self.tr("Au proc&hain démarrage :"))
        label.setBuddy(self.next_data_dir)
        form.addRow(label, row)
        note = QLabel(self.tr(
            "Le changement prend effet au prochain démarrage. L'option --data-dir et la "
            "variable RECOURS_TELECOM_DATA restent prioritaires. Utilisez un disque local."))
        note.setWordWrap(True)
        form.addRow(note)
        return page

    def _browse_data_dir(self) -> None:
        from gui import desktop

        folder = desktop.pick_folder(self, self.tr("Dossier des données"),
                                     self.next_data_dir.text().strip() or None)
        if folder is not None:
            self.next_data_dir.setText(str(folder))

    # -- result -----------------------------------------------------------------------

    def current_structure(self):
        """The structure as typed (a ``StructureIdentity``)."""
        from documents.letter_settings import StructureIdentity

        street = tuple(" ".join(line.split())  # a pasted tab is a space, not a column
                       for line in self.structure_street.toPlainText().splitlines()
                       if line.strip())
        structure = StructureIdentity(
            name=self.structure_name.text().strip(), street_lines=street,
            postcode=self.structure_postcode.text().strip(),
            city=self.structure_city.text().strip(),
            contact_name=self.structure_contact.text().strip(),
            contact_role=self.structure_role.text().strip(),
            phone=self.structure_phone.text().strip(), email=self.structure_email.text().strip(),
            signature_line=self.structure_signature.text().strip(),
            kind=_kind(self.structure_kind.currentData()))
        return structure

    def structure_issues(self) -> list:
        """The errors the new-case wizard would report for this structure (none for a
        structure left blank: it is optional)."""
        from dispute.validation import errors, validate_handling_structure

        return errors(validate_handling_structure(self.current_structure()
                                                  .to_handling_structure()))

    def _check_structure(self) -> bool:
        """Show the structure's errors in its room (or clear it); whether there is none."""
        issues = self.structure_issues()
        if issues:
            self.structure_message.set_issues(issues)
        else:
            self.structure_message.clear()
        return not issues

    def _recheck_structure(self) -> None:
        if self.structure_message.text():  # a message shown follows what is typed
            self._check_structure()

    def _focus_structure_error(self) -> None:
        """Back to the Structure tab (the set-up's first step), on the first wrong field."""
        self.tabs.setCurrentIndex(0)
        self._update_step()
        path = self.structure_issues()[0].path
        fields = (("handling_structure.address.postcode", self.structure_postcode),
                  ("handling_structure.address.city", self.structure_city),
                  ("handling_structure.address.street_lines", self.structure_street),
                  ("handling_structure.email", self.structure_email),
                  ("handling_structure.phone", self.structure_phone))
        field = next((f for p, f in fields if path.startswith(p)), self.structure_name)
        field.setFocus()

    def current_settings(self):
        """The settings as edited (raises ValueError with a French message if invalid)."""
        structure = self.current_structure()
        geometry = replace(self.settings.geometry,
                           window_left_mm=self.window_left.value(),
                           window_top_mm=self.window_top.value(),
                           window_width_mm=self.window_width.value(),
                           window_height_mm=self.window_height.value())
        return self.settings.with_(place=self.place.text().strip(),
                                   structure=structure,
                                   structure_signs=self.structure_signs.isChecked(),
                                   formal_notice_days=self.notice_days.value(),
                                   geometry=geometry)

    def print_calibration(self) -> None:
        from documents.calibration import calibration_pdf_bytes
        from gui.printing import PrintError, print_pdf

        try:
            geometry = self.current_settings().geometry
            printed = print_pdf(self, calibration_pdf_bytes(geometry),
                                self.tr("Page de calibrage"))
        except (ValueError, PrintError) as exc:
            dialogs.critical(self, self.tr("Impression impossible"), str(exc))
            return
        if printed is not None and printed.file is not None:
            dialogs.information(self, self.tr("Page de calibrage"), self.tr(
                "Page de calibrage enregistrée : {path}\n\nImprimez-la à 100 % (sans "
                "« Ajuster à la page »), pliez-la dans une enveloppe DL et reportez ici ce que "
                "vous lisez dans la fenêtre.").format(path=printed.file))

    def accept(self) -> None:
        from store.errors import StoreError

        if not self._check_structure():
            self._focus_structure_error()
            return  # nothing saved; the message is in the Structure tab
        try:
            settings = self.current_settings()
        except ValueError as exc:
            dialogs.critical(self, self.tr("Paramètres invalides"), str(exc))
            return
        try:
            save_letter_settings(self._store, settings)
        except StoreError as exc:
            dialogs.critical(self, self.tr("Enregistrement impossible"), exc.message)
            return
        QSettings().setValue(DATA_DIR_KEY, self.next_data_dir.text().strip())
        self.settings = settings
        self._mark_first_launch(skipped=False)  # set up: not offered again at start-up
        super().accept()

    def reject(self) -> None:
        if self.guided:  # skipped: not asked again at start-up, still in Outils
            self._mark_first_launch(skipped=True)
        super().reject()

    def _mark_first_launch(self, *, skipped: bool) -> None:
        from store.errors import StoreError

        try:
            mark_first_launch(self._store, skipped=skipped)
        except StoreError as exc:
            logger.warning("First-launch flag not saved: %s", exc.message)
