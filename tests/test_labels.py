"""Every value the user picks has its own French label, even where enums share a value."""

from __future__ import annotations

import pytest

from dispute import model
from dispute.labels import label

ENUMS = [model.SubscriberKind, model.LineKind, model.DisputeNature, model.EventKind,
         model.Counterpart, model.Direction, model.AnswerOutcome, model.Party,
         model.InvoiceReason, model.CaseStatus]


@pytest.mark.parametrize("enum", ENUMS, ids=lambda e: e.__name__)
def test_every_member_has_a_french_label_distinct_within_its_enum(enum):
    texts = [label(member) for member in enum]
    assert all(t and t != member.value for t, member in zip(texts, enum))
    assert len(set(texts)) == len(texts)


@pytest.mark.parametrize(("member", "text"), [
    (model.LineKind.OTHER, "Autre service"),
    (model.EventKind.OTHER, "Autre événement"),
    (model.InvoiceReason.OTHER, "Autre motif"),
    (model.DisputeNature.OUTAGE, "Panne ou interruption de service"),
    (model.EventKind.OUTAGE, "Panne"),
])
def test_members_sharing_a_value_keep_their_own_label(member, text):
    assert label(member) == text
