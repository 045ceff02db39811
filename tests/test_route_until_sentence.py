"""A route's reason and the day its obstacle goes away make one sentence: never an orphan
« . (jusqu'au …) » after the full stop (fresh-eyes 20, the export dialog and « Situation »)."""

from __future__ import annotations

from datetime import date

import pytest

pytest.importorskip("PySide6")

from dispute.procedure.results import Reason, Route  # noqa: E402
from gui.case_view import text as txt  # noqa: E402
from gui.case_view.export_dialog import route_review_text  # noqa: E402

TODAY = date(2026, 12, 3)
ORAL = ("Le délai n'est pas écoulé : le médiateur pourra être saisi à partir du 9 janvier 2027. "
        "Les appels du 20 octobre 2026, du 23 octobre 2026 et du 28 octobre 2026 ne font "
        "courir aucun délai : le délai court de la réclamation écrite du 5 novembre 2026.")


def route(*reasons: Reason) -> Route:
    return Route("mediator", False, reasons, opens_on=date(2027, 1, 9))


def test_the_fresh_eyes_sentence_has_no_orphan_parenthesis():
    text = route_review_text(route(Reason("delay_not_elapsed", ORAL, None,
                                          until=date(2027, 1, 9))), TODAY)
    assert ". (jusqu'au" not in text and "(jusqu'au" not in text  # the date is already said
    assert text == ("Voie pas encore ouverte : " + ORAL
                    + " Le dossier peut être préparé quand même.")


def test_a_date_not_said_goes_inside_the_sentence():
    message = ("Demande de 5 000 € ou moins : une tentative amiable préalable est obligatoire "
               "(avis du médiateur, ou conciliateur de justice).")
    lines = txt.route_reason_lines(route(Reason("amicable_attempt_required", message, None,
                                                until=date(2027, 3, 1))), TODAY)
    assert [text for text, _basis in lines] == [
        "• Demande de 5 000 € ou moins : une tentative amiable préalable est obligatoire "
        "(avis du médiateur, ou conciliateur de justice) (jusqu'au 1er mars 2027)."]


@pytest.mark.parametrize(("message", "expected"), [
    ("Bloqué.", "Bloqué (jusqu'au 9 janvier 2027)."),
    ("Bloqué", "Bloqué (jusqu'au 9 janvier 2027)."),
    ("Bloqué…", "Bloqué (jusqu'au 9 janvier 2027)…"),
    ("Possible à partir du 9 janvier 2027.", "Possible à partir du 9 janvier 2027."),
])
def test_with_until(message, expected):
    assert txt.with_until(message, date(2027, 1, 9)) == expected
