"""The subscriber (souscripteur du contrat) and the optional handling structure."""

from __future__ import annotations

import copy
import logging

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from dispute.model import Case, HandlingStructure, PostalAddress, SubscriberKind
from gui.editors.common import FormEditor, add_row, make_form
from gui.widgets import AddressEditor, InlineMessage, PhoneField, TextField, hint_label

logger = logging.getLogger(__name__)


class SubscriberEditor(FormEditor):
    """Private person or company: name, SIREN/SIRET, representative, address, email, phone."""

    prefixes = ("subscriber",)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = self.tr("Souscripteur du contrat")
        self.private = QRadioButton(self.tr("Part&iculier"), self)
        self.business = QRadioButton(self.tr("&Entreprise ou structure professionnelle"), self)
        self.private.setAccessibleName(self.tr("Souscripteur : particulier"))
        self.business.setAccessibleName(self.tr("Souscripteur : entreprise ou structure "
                                                "professionnelle"))
        self.kind_group = QButtonGroup(self)
        self.kind_group.addButton(self.private)
        self.kind_group.addButton(self.business)
        self.private.setChecked(True)
        kind_row = QHBoxLayout()
        kind_row.addWidget(self.private)
        kind_row.addWidget(self.business)
        kind_row.addStretch(1)

        self.name = TextField(self)
        self.name_message = InlineMessage(self)
        self.siren = TextField(self, placeholder=self.tr("9 chiffres (SIREN) ou 14 (SIRET)"))
        self.siren_message = InlineMessage(self)
        self.representative = TextField(self, placeholder=self.tr("Prénom et nom"))
        self.representative_role = TextField(self, placeholder=self.tr("Gérant, directrice…"))
        self.email = TextField(self, placeholder=self.tr("nom@exemple.fr"))
        self.email_message = InlineMessage(self)
        self.phone = PhoneField(self)
        self.phone_message = InlineMessage(self)
        self.address = AddressEditor(self, accessible_prefix=self.tr("Adresse du souscripteur"),
                                     mnemonic=self.tr("A&dresse"))

        left = make_form()
        left.addRow(kind_row)
        self.name_label = add_row(left, self.tr("&Nom et prénom"), self.name,
                                  self.tr("Nom du souscripteur"), self.name_message)
        self.siren_label = add_row(left, self.tr("SIRE&N ou SIRET"), self.siren,
                                   self.tr("SIREN ou SIRET"), self.siren_message)
        self.rep_label = add_row(left, self.tr("Représenté &par"), self.representative,
                                 self.tr("Représentant de l'entreprise"))
        self.role_label = add_row(left, self.tr("&Qualité"), self.representative_role,
                                  self.tr("Qualité du représentant"))
        add_row(left, self.tr("&Courriel"), self.email, self.tr("Courriel du souscripteur"),
                self.email_message)
        add_row(left, self.tr("Télép&hone"), self.phone, self.tr("Téléphone du souscripteur"),
                self.phone_message)

        right = QVBoxLayout()
        right.addWidget(self.address)
        right.addStretch(1)

        columns = QHBoxLayout(self)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.setSpacing(18)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)

        self.route("subscriber.name", self.name_message, self.name)
        self.route("subscriber.siren", self.siren_message, self.siren)
        self.route("subscriber.email", self.email_message, self.email)
        self.route("subscriber.phone", self.phone_message, self.phone)
        self.route("subscriber.address", self.address.message, self.address)

        self.kind_group.buttonToggled.connect(self._kind_toggled)
        for path, field in (("subscriber.name", self.name), ("subscriber.siren", self.siren),
                            ("subscriber.representative", self.representative),
                            ("subscriber.representative_role", self.representative_role),
                            ("subscriber.email", self.email), ("subscriber.phone", self.phone),
                            ("subscriber.address", self.address)):
            field.edited.connect(lambda p=path: self._emit(p))
        self.name.edited.connect(self._name_changed)
        self._update_kind()

    def _kind_toggled(self, _button, checked: bool) -> None:
        if checked:
            self._update_kind()
            self._emit("subscriber.kind")

    def _name_changed(self) -> None:
        self.address.set_recipient(self.name.text())

    def kind(self) -> SubscriberKind:
        return SubscriberKind.BUSINESS if self.business.isChecked() else SubscriberKind.PRIVATE

    def _update_kind(self) -> None:
        business = self.kind() is SubscriberKind.BUSINESS
        self.name_label.setText(self.tr("&Raison sociale") if business
                                else self.tr("&Nom et prénom"))
        self.name.setPlaceholderText(self.tr("Nom de l'entreprise ou de la structure")
                                     if business else self.tr("Prénom et nom"))
        for widget in (self.siren_label, self.siren.parentWidget(), self.rep_label,
                       self.representative, self.role_label, self.representative_role):
            widget.setVisible(business)

    def load(self, case: Case) -> None:
        self.begin_load()
        try:
            sub = case.subscriber
            (self.business if sub.kind is SubscriberKind.BUSINESS else self.private
             ).setChecked(True)
            self.name.setText(sub.name)
            self.siren.setText(sub.siren)
            self.representative.setText(sub.representative)
            self.representative_role.setText(sub.representative_role)
            self.email.setText(sub.email)
            self.phone.setText(sub.phone)
            self.phone.normalise()
            self.address.set_address(sub.address)
            self.address.set_recipient(sub.name)
            self._update_kind()
        finally:
            self.end_load()

    def apply(self, case: Case) -> None:
        sub = case.subscriber
        sub.kind = self.kind()
        sub.name = self.name.text().strip()
        business = sub.kind is SubscriberKind.BUSINESS
        sub.siren = self.siren.text().strip() if business else ""
        sub.representative = self.representative.text().strip() if business else ""
        sub.representative_role = self.representative_role.text().strip() if business else ""
        sub.email = self.email.text().strip()
        sub.phone = self.phone.text().strip()
        sub.address = self.address.address()


class HandlingStructureEditor(FormEditor):
    """The office preparing the dossier (optional): name, contact, role, address, email, phone."""

    prefixes = ("handling_structure",)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = self.tr("Structure qui suit le dossier")
        self.enabled = QCheckBox(self.tr("Le dossier est préparé par une &structure "
                                         "(CPME, association, point conseil…)"), self)
        self.enabled.setAccessibleName(self.tr("Dossier préparé par une structure"))
        self.group = QGroupBox(self)
        self.group.setFlat(True)
        self.name = TextField(self, placeholder=self.tr("CPME du Calvados, association…"))
        self.name_message = InlineMessage(self)
        self.contact = TextField(self, placeholder=self.tr("Prénom et nom"))
        self.role = TextField(self, placeholder=self.tr("Chargée de mission…"))
        self.email = TextField(self, placeholder=self.tr("contact@structure.fr"))
        self.email_message = InlineMessage(self)
        self.phone = PhoneField(self)
        self.phone_message = InlineMessage(self)
        self.address = AddressEditor(self, accessible_prefix=self.tr("Adresse de la structure"),
                                     mnemonic=self.tr("Ad&resse de la structure"))
        left = make_form()
        add_row(left, self.tr("Nom de la str&ucture"), self.name,
                self.tr("Nom de la structure"), self.name_message)
        add_row(left, self.tr("Dossier suivi p&ar"), self.contact,
                self.tr("Personne qui suit le dossier"))
        add_row(left, self.tr("&Fonction"), self.role, self.tr("Fonction de cette personne"))
        add_row(left, self.tr("Courrie&l de la structure"), self.email,
                self.tr("Courriel de la structure"), self.email_message)
        add_row(left, self.tr("&Téléphone de la structure"), self.phone,
                self.tr("Téléphone de la structure"), self.phone_message)
        columns = QHBoxLayout(self.group)
        columns.setContentsMargins(0, 4, 0, 0)
        columns.setSpacing(18)
        columns.addLayout(left, 1)
        right = QVBoxLayout()
        right.addWidget(self.address)
        right.addStretch(1)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.enabled)
        layout.addWidget(hint_label(self.tr("Elle figure comme expéditeur des courriers ou en "
                                            "mention « dossier suivi par »."), self))
        layout.addWidget(self.group)
        self.route("handling_structure.name", self.name_message, self.name)
        self.route("handling_structure.email", self.email_message, self.email)
        self.route("handling_structure.phone", self.phone_message, self.phone)
        self.route("handling_structure.address", self.address.message, self.address)
        self.route("handling_structure", InlineMessage(self), None)
        for path, field in (("handling_structure.name", self.name),
                            ("handling_structure.contact_name", self.contact),
                            ("handling_structure.contact_role", self.role),
                            ("handling_structure.email", self.email),
                            ("handling_structure.phone", self.phone),
                            ("handling_structure.address", self.address)):
            field.edited.connect(lambda p=path: self._emit(p))
        self.name.edited.connect(lambda: self.address.set_recipient(self.name.text()))
        self.enabled.toggled.connect(self._toggled)
        self.group.setVisible(False)

    def _toggled(self, on: bool) -> None:
        self.group.setVisible(on)
        self._emit("handling_structure")

    def load(self, case: Case) -> None:
        self.begin_load()
        try:
            hs = case.handling_structure
            self.enabled.setChecked(hs is not None)
            self.group.setVisible(hs is not None)
            hs = hs or HandlingStructure()
            self.name.setText(hs.name)
            self.contact.setText(hs.contact_name)
            self.role.setText(hs.contact_role)
            self.email.setText(hs.email)
            self.phone.setText(hs.phone)
            self.phone.normalise()
            self.address.set_address(hs.address or PostalAddress())
            self.address.set_recipient(hs.name)
        finally:
            self.end_load()

    def structure(self) -> HandlingStructure:
        return HandlingStructure(
            name=self.name.text().strip(), contact_name=self.contact.text().strip(),
            contact_role=self.role.text().strip(), address=self.address.address(),
            email=self.email.text().strip(), phone=self.phone.text().strip())

    def apply(self, case: Case) -> None:
        # Unticking hides the fields but keeps what was typed in them (ticking again brings
        # it back); the case simply has no handling structure.
        case.handling_structure = copy.deepcopy(self.structure()) if self.enabled.isChecked() \
            else None

