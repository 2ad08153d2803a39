"""Small counts never leave the organization: 1–4 is shown as "<5", and totals cannot undo it.

Pure functions over one table at a time: rows of counts and their total row, column by
column. Primary suppression hides every count from 1 to 4 (zero is shown: it is no one).
Complementary suppression then hides further cells of the same column ("x", smallest
first) until no hidden small count can be worked out from the total and the cells still
shown: for each hidden small count the values it could take, given that the hidden cells
add up to `total − shown`, that the other small ones lie in 1–4 and the complementary ones
are at least 5, must be more than one. When the cells alone cannot achieve it the total is
hidden too. A table with several breakdowns of the same data (by month, by municipality)
is safe to publish side by side: each only reveals sums over its own cells, and a total
hidden in one of them is hidden in all (`hide_totals`). The columns published together
never add up to one another (held, cancelled and upcoming sessions are given, not also
"planned"), so one column cannot undo another's suppression.

Ratios and averages built on a hidden count are hidden with it (`hide_ratio`).
"""

from collections.abc import Sequence
from dataclasses import dataclass

SMALL_MAX = 4
SMALL = "<5"
COMPLEMENTARY = "x"


@dataclass(frozen=True)
class Cell:
    value: int
    shown: str  # what leaves the organization: the number, "<5" or "x"

    @property
    def hidden(self) -> bool:
        return self.shown in {SMALL, COMPLEMENTARY}


def is_small(value: int) -> bool:
    return 1 <= value <= SMALL_MAX


def _recoverable(values: Sequence[int], small: set[int], extra: set[int]) -> bool:
    """Whether a hidden small cell's value follows from the total and the cells shown.

    An outsider knows the hidden cells' sum, that small cells lie in 1..4 and complementary
    ones are at least 5 (unbounded above); the bounds are the same for every small cell.
    """
    if not small:
        return False
    hidden_sum = sum(values[i] for i in small | extra)
    others = len(small) - 1
    lowest = 1 if extra else max(1, hidden_sum - others * SMALL_MAX)
    highest = min(SMALL_MAX, hidden_sum - others - len(extra) * 5)
    return highest <= lowest


def suppress_column(values: Sequence[int], total: int) -> tuple[list[Cell], Cell]:
    """Suppress one column: its cells and its total (the sum of the cells)."""
    small = {i for i, v in enumerate(values) if is_small(v)}
    total_hidden = is_small(total)
    extra: set[int] = set()
    if small and not total_hidden:
        candidates = sorted((v, i) for i, v in enumerate(values) if v > SMALL_MAX)
        while _recoverable(values, small, extra):
            if not candidates:
                total_hidden = True
                break
            extra.add(candidates.pop(0)[1])
    cells = [
        Cell(v, SMALL if i in small else COMPLEMENTARY if i in extra else str(v))
        for i, v in enumerate(values)
    ]
    if total_hidden:
        total_cell = Cell(total, SMALL if is_small(total) else COMPLEMENTARY)
    else:
        total_cell = Cell(total, str(total))
    return cells, total_cell


def suppress_table(
    rows: Sequence[dict[str, int]], totals: dict[str, int], columns: Sequence[str]
) -> tuple[list[dict[str, Cell]], dict[str, Cell]]:
    """Suppress every count column of a table (rows and their total row)."""
    out_rows: list[dict[str, Cell]] = [{} for _row in rows]
    out_total: dict[str, Cell] = {}
    for column in columns:
        cells, total = suppress_column([row[column] for row in rows], totals[column])
        for out, cell in zip(out_rows, cells, strict=True):
            out[column] = cell
        out_total[column] = total
    return out_rows, out_total


def plain(
    rows: Sequence[dict[str, int]], totals: dict[str, int], columns: Sequence[str]
) -> tuple[list[dict[str, Cell]], dict[str, Cell]]:
    """The same shape, nothing hidden: inside the organization."""
    return (
        [{c: Cell(row[c], str(row[c])) for c in columns} for row in rows],
        {c: Cell(totals[c], str(totals[c])) for c in columns},
    )


def hide_totals(total_rows: Sequence[dict[str, Cell]], columns: Sequence[str]) -> None:
    """Hide a column's grand total in every table where any one table had to hide it (in place)."""
    for column in columns:
        hidden = [row[column] for row in total_rows if row[column].hidden]
        if hidden:
            for row in total_rows:
                if not row[column].hidden:
                    row[column] = hidden[0]


def hide_ratio(*cells: Cell) -> bool:
    """A ratio shows only when every count it is made of shows."""
    return any(cell.hidden for cell in cells)
