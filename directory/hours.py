"""A channel's hours for one day, and whether it is open now. Pure: takes prefetched rows.

Exceptional hours win over weekly ones on the days they cover; weekly rows with a validity
range count only inside it. Times are Helsinki wall-clock times, as PTV gives them.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from directory.models import ServiceHours


@dataclass(frozen=True)
class DayHours:
    spans: list[tuple[datetime.time, datetime.time]]
    known: bool  # False: the channel gives no hours at all
    info: str = ""

    @property
    def closed(self) -> bool:
        return self.known and not self.spans

    def label(self) -> str:
        return ", ".join(f"{a:%H.%M}–{b:%H.%M}" for a, b in self.spans)

    def open_at(self, moment: datetime.time) -> bool:
        return any(a <= moment < b for a, b in self.spans)


def _valid(row: ServiceHours, day: datetime.date) -> bool:
    return (row.valid_from is None or row.valid_from <= day) and (row.valid_to is None or day <= row.valid_to)


def hours_on(rows: Iterable[ServiceHours], day: datetime.date) -> DayHours:
    rows = list(rows)
    if not rows:
        return DayHours([], known=False)
    exceptional = [r for r in rows if r.kind == ServiceHours.Kind.EXCEPTIONAL and _valid(r, day)]
    if exceptional:
        spans = sorted((r.opens, r.closes) for r in exceptional if not r.is_closed and r.opens and r.closes)
        return DayHours(spans, known=True, info=next((r.info for r in exceptional if r.info), ""))
    weekly = [
        r
        for r in rows
        if r.kind == ServiceHours.Kind.WEEKLY and r.weekday == day.weekday() and _valid(r, day)
    ]
    spans = sorted((r.opens, r.closes) for r in weekly if not r.is_closed and r.opens and r.closes)
    return DayHours(spans, known=True, info=next((r.info for r in weekly if r.info), ""))


def weekly_table(rows: Iterable[ServiceHours]) -> list[tuple[int, str]]:
    """(weekday, "08.00–16.00") for each day with weekly hours, Monday first."""
    by_day: dict[int, list[tuple[datetime.time, datetime.time]]] = {}
    for r in rows:
        if r.kind == ServiceHours.Kind.WEEKLY and not r.is_closed and r.opens and r.closes:
            by_day.setdefault(r.weekday, []).append((r.opens, r.closes))
    return [
        (day, ", ".join(f"{a:%H.%M}–{b:%H.%M}" for a, b in sorted(spans)))
        for day, spans in sorted(by_day.items())
    ]
