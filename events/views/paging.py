"""Pages of a long list without counting all of it: the session search's paginator.

Django's Paginator counts every matching row (a `COUNT(*)` over the whole window and its
joins) to number the pages. Here one query reads only the ids, in order, up to `COUNT_CAP` + 1
of them (or, deeper than that, the page's own): that gives the page, whether a next one
exists, and the count up to the cap, shown as "Over 100" beyond it. A second query loads the
page's rows with everything they show (joins, places left), for those ids only, so a filter
that matches thousands of sessions never computes their places or sorts their wide rows.
Two queries, whatever the size of the window; a page number past the end (only typed by hand)
costs one full count to find the last page, as Paginator's `get_page` would show it.
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
    ids = queryset.values_list("pk", flat=True)
    offset = (wanted - 1) * per_page
    if offset <= cap:
        found = list(ids[: max(cap + 1, offset + per_page + 1)])
        count, capped = min(len(found), cap + 1), len(found) > cap
        if not capped:
            pages = max(1, math.ceil(count / per_page))
            wanted = min(wanted, pages)
            offset = (wanted - 1) * per_page
        chosen = found[offset : offset + per_page + 1]
    else:
        chosen, count, capped = list(ids[offset : offset + per_page + 1]), cap + 1, True
        if not chosen:
            # Past the end: the last page, as Django's Paginator.get_page shows it.
            total = queryset.count()
            wanted = max(1, math.ceil(total / per_page))
            offset = (wanted - 1) * per_page
            chosen = list(ids[offset : offset + per_page + 1])
            count, capped = min(total, cap + 1), total > cap
    more = len(chosen) > per_page
    rows = list(queryset.filter(pk__in=chosen[:per_page])) if chosen else []
    pages = None if capped else max(1, math.ceil(count / per_page))
    return Page(rows, wanted, count, capped=capped, num_pages=pages, more=more, cap=cap)
