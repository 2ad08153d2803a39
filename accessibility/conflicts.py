"""A refused stale save of accessibility facts, shown again: what others changed, and the answers to keep.

Pure: works on the log rows the service returned (`services.StaleFacts.changes`) and on values
already parsed by the form; no queries, no writes. The rule: a fact the person did not touch
takes the newer saved value; a fact they changed keeps their answer (and is named, when someone
else changed it too), so saving again loses nobody's work silently.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from accessibility.models import AccessibilityChange


def _comparable(value: Any) -> Any:
    """Logged values are JSON (a Decimal was stored as a float); "" and None both mean "not known"."""
    if value in (None, ""):
        return None
    if isinstance(value, float | Decimal) and not isinstance(value, bool):
        return Decimal(str(value)).normalize()
    return value


@dataclass(frozen=True)
class Merge:
    answers: dict[str, Any]  # the person's own changes, as initial values over the stored facts
    both_changed: list[str]  # facts someone else changed too, where the person's answer differs


def merge_answers(
    *, current: Mapping[str, Any], submitted: Mapping[str, Any], changes: Iterable[AccessibilityChange]
) -> Merge:
    """`current`: the facts now; `submitted`: the form's parsed facts; `changes`: the log rows since the
    form was opened, oldest first."""
    at_opening = dict(current)
    changed_by_others: set[str] = set()
    for change in reversed(list(changes)):
        for name, pair in (change.changes or {}).items():
            if name in at_opening and isinstance(pair, list | tuple) and len(pair) == 2:
                at_opening[name] = pair[0]  # walking back to the oldest: its "before"
                changed_by_others.add(name)
    answers = {
        name: value
        for name, value in submitted.items()
        if name in at_opening and _comparable(value) != _comparable(at_opening[name])
    }
    both = [
        name
        for name in answers
        if name in changed_by_others and _comparable(answers[name]) != _comparable(current.get(name))
    ]
    return Merge(answers=answers, both_changed=both)
