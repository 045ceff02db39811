"""The subscriber (souscripteur du contrat) and the optional handling structure."""

from __future__ import annotations

import copy
import logging

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from dispute.model import (
    BusinessForm,
    Case,
    Civility,
    HandlingStructure,
    PostalAddress,
    StructureKind,
    SubscriberKind,
)
from gui.editors.common import FormEditor, add_row, enum_label, make_form, tab_order
from gui.widgets import (
    AddressEditor,
    DateField,
    InlineMessage,
    PhoneField,
    TextField,
    hint_label,
    value_errors,
)

NOT_SAID = "— non précisé —"


def enum_combo(parent: QWidget, values, none_text: str = NOT_SAID) -> QComboBox:
    """A choice among ``values`` (their French labels) or « non précisé » (None)."""
    combo = QComboBox(parent)
    combo.addItem(parent.tr(none_text), None)
    for value in values:
        combo.addItem(enum_label(value), value.value)
    _narrow(combo)
    return combo


def _narrow(combo: QComboBox) -> None:
    """A combo as wide as ~22 characters: its longest choice must not squeeze the address
    beside it (the list that drops down is as wide as it needs)."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(22)


def set_choice(combo: QComboBox, value) -> None:
    data = getattr(value, "value", value)
    combo.setCurrentIndex(max(0, combo.findData(data)))


SMALL_BUSINESS_TIP = (
    "Micro-entreprise, petite entreprise (moins de 50 salariés et 10 M€ de chiffre "
    "d'affaires) ou association : certaines règles des consommateurs s'appliquent alors à ses "
    "contrats télécoms.")


def small_business_combo(parent: QWidget) -> QComboBox:
    """« Oui » / « Non » / « non précisé »: short choices that the closed list shows whole
    (« Oui (micro, petite entreprise, ass… » was cut); what « petite entreprise » covers is
    in the tooltip of the list and of its label."""
    combo = QComboBox(parent)
    combo.addItem(parent.tr(NOT_SAID), None)
    combo.addItem(parent.tr("Oui"), True)
    combo.addItem(parent.tr("Non"), False)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    return combo

logger = logging.getLogger(__name__)


def siren_message_samples() -> list[list]:
    """The longest messages a SIREN or SIRET field shows (a wrong check digit in a SIREN,
    in the SIREN part of a SIRET, in the rest of a SIRET): its message keeps room for them,
    so they are read whole and nothing below moves."""
    from dispute.validation import normalize_siren_siret

    return [[issue] for issue in value_errors(normalize_siren_siret, "123456789",
                                              "12345678900001", "73282932000075")]


class SubscriberEditor(FormEditor):
    """Private person or company: name, SIREN/SIRET, representative, address, email, phone."""

    prefixes = ("subscriber",)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = self.tr("Souscripteur du contrat")
        self.private = QRadioButton(self.tr("Part&iculier"), self)
        self.business = QRadioButton(self.tr("Entreprise ou structure &professionnelle"), self)
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

        self.civility = enum_combo(self, Civility)
        self.business_form = enum_combo(self, BusinessForm)
        self.legal_form = TextField(self, placeholder=self.tr("SARL, SAS, EI…"))
        self.small_business = small_business_combo(self)
        self.small_business.setToolTip(self.tr(SMALL_BUSINESS_TIP))
        self.name = TextField(self)
        self.name_message = InlineMessage(self)
        self.siren = TextField(self, placeholder=self.tr("9 chiffres (SIREN) ou 14 (SIRET)"))
        self.siren_message = InlineMessage(self)
        self.siren_message.reserve_for_issues(*siren_message_samples())
        self.representative = TextField(self, placeholder=self.tr("Prénom et nom"))
        self.representative_role = TextField(self, placeholder=self.tr("Gérant, directrice…"))
        self.email = TextField(self, placeholder=self.tr("nom@exemple.fr"))
        self.email_message = InlineMessage(self)
        self.phone = PhoneField(self)
        self.phone_message = InlineMessage(self)
        self.address = AddressEditor(self, accessible_prefix=self.tr("Adresse du souscripteur"),
                                     mnemonic=self.tr("&Adresse"))

        left = make_form()
        left.addRow(kind_row)
        self.civility_label = add_row(left, self.tr("Ci&vilité"), self.civility,
                                      self.tr("Civilité du souscripteur"))
        self.name_label = add_row(left, self.tr("&Nom et prénom"), self.name,
                                  self.tr("Nom du souscripteur"), self.name_message)
        self.form_label = add_row(left, self.tr("&Type"), self.business_form,
                                  self.tr("Type d'entreprise"))
        self.legal_form_label = add_row(left, self.tr("&Forme juridique"), self.legal_form,
                                        self.tr("Forme juridique"))
        self.small_label = add_row(left, self.tr("Petite entreprise"), self.small_business,
                                   self.tr("Micro-entreprise, petite entreprise ou association"))
        self.small_label.setToolTip(self.tr(SMALL_BUSINESS_TIP))  # the label is hovered too
        self.small_business.setAccessibleDescription(self.tr(SMALL_BUSINESS_TIP))
        self.siren_label = add_row(left, self.tr("SIRE&N ou SIRET"), self.siren,
                                   self.tr("SIREN ou SIRET"), self.siren_message)
        self.rep_label = add_row(left, self.tr("Représenté par"), self.representative,
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

        tab_order(self.private, self.business, self.civility, self.name, self.business_form,
                  self.legal_form, self.small_business, self.siren, self.representative,
                  self.representative_role, self.email, self.phone, *self.address.tab_fields())

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
                            ("subscriber.address", self.address),
                            ("subscriber.legal_form", self.legal_form)):
            field.edited.connect(lambda p=path: self._emit(p))
        for path, combo in (("subscriber.civility", self.civility),
                            ("subscriber.business_form", self.business_form),
                            ("subscriber.small_business", self.small_business)):
            combo.currentIndexChanged.connect(lambda _i, p=path: self._emit(p))
        self.name.edited.connect(self._name_changed)
        self.business_form.currentIndexChanged.connect(lambda _i: self._update_kind())
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
                       self.representative, self.role_label, self.representative_role,
                       self.form_label, self.business_form, self.legal_form_label,
                       self.legal_form, self.small_label, self.small_business):
            widget.setVisible(business)
        # a sole trader is a person: her civility gives « La mandante » (review2 10.3)
        shown = self._civility_applies()
        self.civility_label.setVisible(shown)
        self.civility.setVisible(shown)

    def _civility_applies(self) -> bool:
        """A private subscriber's civility, or the civility of the person who trades as a
        sole trader; never a company's."""
        return self.kind() is not SubscriberKind.BUSINESS or \
            self.business_form.currentData() == BusinessForm.SOLE_TRADER

    def load(self, case: Case) -> None:
        self.begin_load()
        try:
            sub = case.subscriber
            (self.business if sub.kind is SubscriberKind.BUSINESS else self.private
             ).setChecked(True)
            self.name.setText(sub.name)
            set_choice(self.civility, sub.civility)
            set_choice(self.business_form, sub.business_form)
            self.legal_form.setText(sub.legal_form)
            self.small_business.setCurrentIndex(max(0, self.small_business.findData(
                sub.small_business)) if sub.small_business is not None else 0)
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
        form = self.business_form.currentData()
        sub.business_form = BusinessForm(form) if form and business else None
        civility = self.civility.currentData()
        sole_trader = sub.business_form is BusinessForm.SOLE_TRADER
        sub.civility = Civility(civility) if civility and (
            not business or (sole_trader and civility != Civility.COUPLE)) else None
        sub.legal_form = self.legal_form.text().strip() if business else ""
        sub.small_business = self.small_business.currentData() if business else None
        sub.email = self.email.text().strip()
        sub.phone = self.phone.text().strip()
        sub.address = self.address.address()


class HandlingStructureEditor(FormEditor):
    """The office preparing the dossier (optional): name, contact, role, address, email, phone."""

    prefixes = ("handling_structure",)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = self.tr("Structure qui suit le dossier")
        self.enabled = QCheckBox(self.tr("Le &dossier est préparé par une structure "
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
                                     mnemonic=self.tr("Adresse de la structure"),
                                     line_mnemonics=False)
        self.kind = enum_combo(self, StructureKind)
        self.identifier = TextField(self, placeholder=self.tr("SIREN, SIRET ou n° RNA"))
        self.member_number = TextField(self, placeholder=self.tr("N° d'adhérent de l'abonné"))
        self.member_since = DateField(self)
        self.member_message = InlineMessage(self)
        left = make_form()
        add_row(left, self.tr("Nom de la str&ucture"), self.name,
                self.tr("Nom de la structure"), self.name_message)
        add_row(left, self.tr("Type de structure"), self.kind, self.tr("Type de structure"))
        add_row(left, self.tr("Identifiant"), self.identifier,
                self.tr("SIREN, SIRET ou numéro RNA de la structure"))
        add_row(left, self.tr("N° d'adhérent"), self.member_number,
                self.tr("Numéro d'adhérent du souscripteur"))
        add_row(left, self.tr("Adhérent depuis le"), self.member_since,
                self.tr("Date d'adhésion du souscripteur"), self.member_message)
        add_row(left, self.tr("Dossier suivi par"), self.contact,
                self.tr("Personne qui suit le dossier"))
        add_row(left, self.tr("Fonction"), self.role, self.tr("Fonction de cette personne"))
        add_row(left, self.tr("Courrie&l de la structure"), self.email,
                self.tr("Courriel de la structure"), self.email_message)
        add_row(left, self.tr("Téléphone de la structure"), self.phone,
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
        # what is said of the structure as a whole: under the fields, never over the box
        self.structure_message = InlineMessage(self, lines=0)
        layout.addWidget(self.structure_message)
        tab_order(self.enabled, self.name, self.kind, self.identifier, self.member_number,
                  self.member_since, self.contact, self.role, self.email, self.phone,
                  *self.address.tab_fields())
        self.route("handling_structure.name", self.name_message, self.name)
        self.route("handling_structure.email", self.email_message, self.email)
        self.route("handling_structure.phone", self.phone_message, self.phone)
        self.route("handling_structure.address", self.address.message, self.address)
        self.route("handling_structure.member_since", self.member_message, self.member_since)
        self.route("handling_structure", self.structure_message, None)
        for path, field in (("handling_structure.name", self.name),
                            ("handling_structure.contact_name", self.contact),
                            ("handling_structure.contact_role", self.role),
                            ("handling_structure.email", self.email),
                            ("handling_structure.phone", self.phone),
                            ("handling_structure.address", self.address),
                            ("handling_structure.identifier", self.identifier),
                            ("handling_structure.member_number", self.member_number),
                            ("handling_structure.member_since", self.member_since)):
            field.edited.connect(lambda p=path: self._emit(p))
        self.kind.currentIndexChanged.connect(lambda _i: self._emit("handling_structure.kind"))
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
            set_choice(self.kind, hs.kind)
            self.identifier.setText(hs.identifier)
            self.member_number.setText(hs.member_number)
            self.member_since.set_date_value(hs.member_since)
        finally:
            self.end_load()

    def structure(self) -> HandlingStructure:
        kind = self.kind.currentData()
        return HandlingStructure(
            name=self.name.text().strip(), contact_name=self.contact.text().strip(),
            contact_role=self.role.text().strip(), address=self.address.address(),
            email=self.email.text().strip(), phone=self.phone.text().strip(),
            kind=StructureKind(kind) if kind else None,
            identifier=self.identifier.text().strip(),
            member_number=self.member_number.text().strip(),
            member_since=self.member_since.date_value())

    def apply(self, case: Case) -> None:
        # Unticking hides the fields but keeps what was typed in them (ticking again brings
        # it back); the case simply has no handling structure.
        case.handling_structure = copy.deepcopy(self.structure()) if self.enabled.isChecked() \
            else None

