"""The operator: chosen from the directory, or typed by hand, with its two postal addresses.

The addresses are copied from the directory and stay editable: the contract or an invoice is
the authoritative source (seeds/001). Next to each address the editor says where it comes from
(« vérifié » / « à vérifier », the source), or, when the directory has none, where to find it.
Switching operator remembers what was typed for the previous one (switching back restores it).
"""

from __future__ import annotations

import copy
import logging

from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from dispute.directory import (
    DirectoryAddress,
    DirectoryError,
    Operator,
    operator_ref,
    shipped_directory,
)
from dispute.model import Case, LineKind, OperatorRef
from dispute.validation import format_date_fr
from gui.editors.common import FormEditor, add_row, make_form
from gui.widgets import HINT_COLOUR, AddressEditor, InlineMessage, TextField

logger = logging.getLogger(__name__)

OTHER = "__other__"


class _AddressBlock(QGroupBox):
    """One of the operator's two addresses, with its directory status and choices."""

    def __init__(self, title: str, what: str, mnemonic: str, parent: QWidget) -> None:
        super().__init__(title, parent)
        self.what = what
        self.choice = QComboBox(self)
        self.choice_label = QLabel(self.tr("Adresse proposée par l'&annuaire"), self)
        self.choice_label.setBuddy(self.choice)
        self.choice.setAccessibleName(self.tr("Adresse proposée par l'annuaire pour le {what}"
                                              ).format(what=what))
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setStyleSheet(f"color: {HINT_COLOUR};")
        self.hint = InlineMessage(self)
        self.editor = AddressEditor(self, accessible_prefix=self.tr("Adresse du {what}"
                                                                    ).format(what=what),
                                    mnemonic=mnemonic)
        layout = QVBoxLayout(self)
        layout.setSpacing(4)
        layout.addWidget(self.choice_label)
        layout.addWidget(self.choice)
        layout.addWidget(self.status)
        layout.addWidget(self.hint)
        layout.addWidget(self.editor)
        layout.addStretch(1)
        self.addresses: tuple[DirectoryAddress, ...] = ()

    def set_choices(self, addresses: tuple[DirectoryAddress, ...],
                    chosen: DirectoryAddress | None) -> None:
        self.addresses = addresses
        self.choice.blockSignals(True)
        self.choice.clear()
        if len(addresses) > 1:
            self.choice.addItem(self.tr("— Choisissez selon l'offre —"), "")
            for address in addresses:
                self.choice.addItem(address.label, address.id)
            if chosen is not None:
                self.choice.setCurrentIndex(self.choice.findData(chosen.id))
        self.choice.blockSignals(False)
        self.choice.setVisible(len(addresses) > 1)
        self.choice_label.setVisible(len(addresses) > 1)

    def chosen(self) -> DirectoryAddress | None:
        wanted = self.choice.currentData()
        return next((a for a in self.addresses if a.id == wanted), None)


def _provenance_text(block: _AddressBlock, address: DirectoryAddress | None,
                     edited: bool) -> str:
    if address is None:
        return ""
    prov = address.provenance
    text = block.tr("Annuaire : {status}").format(status=prov.status.value)
    if prov.verified_on is not None:
        text += block.tr(" (le {date})").format(date=format_date_fr(prov.verified_on))
    if prov.source:
        text += block.tr(" — source : {source}").format(source=prov.source)
    if edited:
        text += block.tr(" — modifiée par vous.")
    return text


class OperatorEditor(FormEditor):
    """Choose an operator from the directory or type one; edit its two postal addresses."""

    prefixes = ("operator",)

    def __init__(self, directory=None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = self.tr("Opérateur")
        if directory is None:
            try:
                directory = shipped_directory()
            except DirectoryError:
                logger.exception("Shipped directory unreadable")
                directory = None
        self.directory = directory
        self.operators: tuple[Operator, ...] = directory.operators if directory else ()
        self.combo = QComboBox(self)
        self.combo.addItem(self.tr("— Choisissez l'opérateur —"), "")
        for op in self.operators:
            self.combo.addItem(op.name, op.id)
        self.combo.addItem(self.tr("Autre opérateur (saisi à la main)"), OTHER)
        self.combo.setMaxVisibleItems(12)
        self.name = TextField(self, placeholder=self.tr("Nom de l'opérateur"))
        self.name_message = InlineMessage(self)
        self.combo_message = InlineMessage(self)
        self.notes = InlineMessage(self)
        form = make_form()
        add_row(form, self.tr("&Opérateur"), self.combo, self.tr("Opérateur"),
                self.combo_message)
        self.name_label = add_row(form, self.tr("&Nom de l'opérateur"), self.name,
                                  self.tr("Nom de l'opérateur saisi à la main"),
                                  self.name_message)
        self.clients = _AddressBlock(self.tr("Service clients"), self.tr("service clients"),
                                     self.tr("A&dresse"), self)
        self.conso = _AddressBlock(self.tr("Service consommateurs (service recours)"),
                                   self.tr("service consommateurs"),
                                   self.tr("Adr&esse"), self)
        blocks = QHBoxLayout()
        blocks.setSpacing(12)
        blocks.addWidget(self.clients, 1)
        blocks.addWidget(self.conso, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.notes)
        layout.addLayout(blocks)
        layout.addStretch(1)

        # « operator » (no address at all) is said in each address block: not routed here
        self.route("operator.name", self.combo_message, self.combo)
        self.route("operator.service_clients_address", self.clients.editor.message,
                   self.clients.editor)
        self.route("operator.service_consommateurs_address", self.conso.editor.message,
                   self.conso.editor)

        self._line_kinds: list[LineKind] = []
        self._memory: dict[str, OperatorRef] = {}  # what was typed, per operator key
        self._key = ""
        self._edited = {"clients": False, "conso": False}
        self.combo.currentIndexChanged.connect(self._operator_changed)
        self.name.edited.connect(self._name_edited)
        self.clients.editor.edited.connect(lambda: self._address_edited("clients"))
        self.conso.editor.edited.connect(lambda: self._address_edited("conso"))
        self.clients.choice.currentIndexChanged.connect(lambda _i: self._choice("clients"))
        self.conso.choice.currentIndexChanged.connect(lambda _i: self._choice("conso"))
        self._show_key("")

    # -- helpers ---------------------------------------------------------------------------

    def _operator(self, key: str) -> Operator | None:
        return next((o for o in self.operators if o.id == key), None)

    def _blocks(self):
        return (("clients", self.clients, "service_clients"),
                ("conso", self.conso, "service_consommateurs"))

    def current_ref(self) -> OperatorRef:
        key = self.combo.currentData() or ""
        op = self._operator(key)
        return OperatorRef(
            directory_id=op.id if op else "",
            name=op.name if op else (self.name.text().strip() if key == OTHER else ""),
            service_clients_address=self.clients.editor.address(),
            service_consommateurs_address=self.conso.editor.address(),
        )

    def _name_edited(self) -> None:
        for _, block, _attr in self._blocks():
            block.editor.set_recipient(self.name.text())
        self._emit("operator.name")

    def _address_edited(self, which: str) -> None:
        self._edited[which] = True
        self._refresh_status()
        attr = "service_clients" if which == "clients" else "service_consommateurs"
        self._emit(f"operator.{attr}_address")

    def _choice(self, which: str) -> None:
        block = self.clients if which == "clients" else self.conso
        chosen = block.chosen()
        if chosen is not None:
            block.editor.set_address(chosen.to_postal_address())
            self._edited[which] = False
        self._refresh_status()
        self._emit("operator")

    def _operator_changed(self, _index: int) -> None:
        if self._loading:
            return
        if self._key:
            self._memory[self._key] = copy.deepcopy(self.current_ref())
            self._memory[self._key].name = self.name.text().strip()
        key = self.combo.currentData() or ""
        self._key = key
        remembered = self._memory.get(key)
        op = self._operator(key)
        if remembered is not None:
            self._fill(remembered, op, from_memory=True)
        elif op is not None:
            choice = operator_ref(op, line_kinds=self._line_kinds)
            self._fill(choice.ref, op, notes=choice.notes, chosen=(choice.service_clients,
                                                                  choice.service_consommateurs))
        else:
            self._fill(OperatorRef(), None)
        self._emit("operator")

    def _fill(self, ref: OperatorRef, op: Operator | None, *, notes=(), chosen=(None, None),
              from_memory: bool = False) -> None:
        self._show_key(self.combo.currentData() or "")
        if self.combo.currentData() == OTHER:
            self.name.setText(ref.name)
        recipient = op.name if op else ref.name
        for (which, block, attr), pick in zip(self._blocks(), chosen, strict=True):
            usable = tuple(a for a in (getattr(op, attr) if op else ())
                           if not a.is_empty() and not a.obsolete)
            block.set_choices(usable, pick)
            block.editor.set_address(getattr(ref, f"{attr}_address"))
            block.editor.set_recipient(recipient)
            self._edited[which] = from_memory and not self._matches_directory(block)
        self.notes.set_message("\n".join(notes), "info" if notes else "")
        self._refresh_status()

    def _matches_directory(self, block: _AddressBlock) -> bool:
        current = block.editor.address()
        return any(a.to_postal_address() == current for a in block.addresses) or \
            current.is_empty()

    def _directory_address(self, block: _AddressBlock) -> DirectoryAddress | None:
        current = block.editor.address()
        found = next((a for a in block.addresses if a.to_postal_address() == current), None)
        return found or block.chosen()

    def _show_key(self, key: str) -> None:
        other = key == OTHER
        self.name_label.setVisible(other)
        self.name.parentWidget().setVisible(other)
        # the missing-name message goes under whichever field the user has to fill
        self.route("operator.name", *((self.name_message, self.name) if other
                                      else (self.combo_message, self.combo)))
        (self.combo_message if other else self.name_message).clear()
        has = bool(key)
        self.clients.setVisible(has)
        self.conso.setVisible(has)

    def _refresh_status(self) -> None:
        key = self.combo.currentData() or ""
        op = self._operator(key)
        for which, block, attr in self._blocks():
            empty = block.editor.address().is_empty()
            if op is None:
                block.status.setText(self.tr("Opérateur hors annuaire : recopiez l'adresse du "
                                             "contrat ou d'une facture."))
            else:
                listed = getattr(op, attr)
                address = self._directory_address(block)
                if address is None and listed:
                    address = listed[0] if len(listed) == 1 else None
                text = _provenance_text(block, address, self._edited[which])
                block.status.setText(text if not empty or self._edited[which] else "")
            block.status.setVisible(bool(block.status.text()))
            if empty:
                block.hint.set_message(self.tr(
                    "Adresse du {what} inconnue : elle figure sur le contrat ou sur une facture "
                    "de l'opérateur. Recopiez-la ici.").format(what=block.what), "info")
            else:
                block.hint.clear()

    # -- contract ----------------------------------------------------------------------------

    def load(self, case: Case) -> None:
        self.begin_load()
        try:
            self._line_kinds = [line.kind for line in case.lines]
            ref = case.operator
            if ref.directory_id and self._operator(ref.directory_id):
                key = ref.directory_id
            elif ref.name.strip() or not ref.service_clients_address.is_empty() \
                    or not ref.service_consommateurs_address.is_empty():
                key = OTHER
            else:
                key = ""
            self.combo.setCurrentIndex(max(0, self.combo.findData(key)))
            self._key = key
            self._memory.clear()
            self._fill(ref, self._operator(key), from_memory=True)
            if key == OTHER:
                self.name.setText(ref.name)
        finally:
            self.end_load()

    def apply(self, case: Case) -> None:
        case.operator = self.current_ref()

