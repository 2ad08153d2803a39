"""Pages of a long list without counting all of it: the session search's paginator.

Django's Paginator counts every matching row (a `COUNT(*)` over the whole window and its
joins) to number the pages. Here the count stops at `COUNT_CAP` + 1 rows, shown as "100+";
beyond it, a page fetches one row more than it shows to know whether a next page exists.
Two queries, whatever the size of the window; a page number past the end (only typed by
hand) costs one full count to find the last page, as Paginator's `get_page` would show it.
"""

import math
from dataclasses import dataclass

from django.db.models import QuerySet

COUNT_CAP = 100


@dataclass(frozen=True)
class Page:
    """The template's view of one page; the names follow Django's Page where they mean the same."""

    object_list: list
    number: int
    count: int  # exact when not `capped`
    capped: bool  # more than COUNT_CAP rows: shown as "100+", the number of pages unknown
    num_pages: int | None
    more: bool  # a next page exists
    cap: int = COUNT_CAP

    def has_next(self) -> bool:
        return self.more

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.more or self.number > 1

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def _number(value: str | None) -> int:
    try:
        number = int(value or 1)
    except (TypeError, ValueError):
        return 1
    return max(number, 1)


def page_of(queryset: QuerySet, *, per_page: int, number: str | None, cap: int = COUNT_CAP) -> Page:
    """The page `number` (as typed: a bad value is page 1, past the end the last page) of `queryset`."""
    wanted = _number(number)
    count = queryset.order_by().values("pk")[: cap + 1].count()
    if count <= cap:
        pages = max(1, math.ceil(count / per_page))
        wanted = min(wanted, pages)
        offset = (wanted - 1) * per_page
        rows = list(queryset[offset : offset + per_page])
        return Page(rows, wanted, count, capped=False, num_pages=pages, more=wanted < pages, cap=cap)
    offset = (wanted - 1) * per_page
    rows = list(queryset[offset : offset + per_page + 1])
    if not rows and wanted > 1:
        # Past the end: find the last page, as Django's Paginator.get_page does.
        total = queryset.count()
        wanted = max(1, math.ceil(total / per_page))
        offset = (wanted - 1) * per_page
        rows = list(queryset[offset : offset + per_page + 1])
    more = len(rows) > per_page
    return Page(rows[:per_page], wanted, count, capped=True, num_pages=None, more=more, cap=cap)
