"""The README's table of settings, made from the one table
(engine/model/settings.py), so the manual says what the code accepts; a
test checks the README holds it as made here."""

from __future__ import annotations

from engine.model.settings import BOOL, CHOICE, FLOAT, INT, SETTINGS, Setting


def _number(value: float) -> str:
    return f"{value:g}"


def _default_words(row: Setting) -> str:
    if row.per_ball:
        if row.kind == CHOICE:
            return row.choices[int(row.own_default)]
        return "all" if row.name == "batch_size" else _number(row.own_default)
    by_value: dict[float, list[str]] = {}
    for name in row.used_by():
        by_value.setdefault(float(row.default_for(name)), []).append(name)
    if len(by_value) == 1:
        return _number(next(iter(by_value)))
    return "; ".join(f"{_number(v)} ({', '.join(names)})" for v, names in by_value.items())


def _range_cell(row: Setting) -> str:
    if row.name == "batch_size":
        return "0 … the landscape's samples"
    if row.kind == CHOICE:
        return ", ".join(row.choices)
    if row.kind == BOOL:
        return "0 or 1"
    if row.fixed:
        return _number(row.low)
    left = "(" if row.low_open else "["
    right = ")" if row.high_open else "]"
    return f"{left}{_number(row.low)}, {_number(row.high)}{right}"


def readme_table() -> str:
    """The README's table of settings, made from SETTINGS."""
    lines = ["| setting | type | range | default | used by | notes |",
             "|---|---|---|---|---|---|"]
    for row in SETTINGS:
        users = "every ball" if row.per_ball else ", ".join(row.used_by())
        kind = {FLOAT: "number", INT: "whole number", BOOL: "switch", CHOICE: "choice"}[row.kind]
        lines.append(f"| `{row.name}` | {kind} | {_range_cell(row)} | {_default_words(row)} | {users} "
                     f"| {row.note} |")
    return "\n".join(lines)
