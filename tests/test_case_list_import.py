"""Importing the case list's module compiles nothing: its named tuples hold real types.

Every process that lists cases imports ``dispute.case_list`` (the window, ``main.py list``,
the store's summarizer). With postponed annotations, ``typing.NamedTuple`` turned each field's
annotation text into a ``ForwardRef``, compiled one by one: 19 compilations, ~2 ms of each
start (issue 13, docs/benchmarks.md). The module now evaluates its annotations.
"""

from __future__ import annotations

import builtins
import importlib
import sys
import typing
from datetime import date

import dispute.case_list as case_list


def test_the_named_tuples_hold_types_not_texts():
    for cls in (case_list.ListedDeadline, case_list.ListedStep, case_list.WeekItem,
                case_list.WeekAgenda):
        for name, annotation in cls.__annotations__.items():
            assert not isinstance(annotation, (str, typing.ForwardRef)), (cls, name)
    assert case_list.ListedDeadline.__annotations__["date"] is date


def test_importing_the_module_compiles_no_annotation(monkeypatch):
    compiled = []
    real = builtins.compile

    def counting(source, filename, *args, **kwargs):
        if filename == "<string>":
            compiled.append(source)
        return real(source, filename, *args, **kwargs)

    monkeypatch.setattr(builtins, "compile", counting)
    monkeypatch.delitem(sys.modules, "dispute.case_list")
    fresh = importlib.import_module("dispute.case_list")
    assert compiled == []
    assert fresh.ListedDeadline("d", "Échéance", date(2028, 2, 29), "k").days_left(
        date(2028, 2, 28)) == 1
