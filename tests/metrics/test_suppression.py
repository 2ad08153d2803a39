"""Small counts (1–4) are "<5", and no total lets anyone work them out."""

import itertools

import pytest

from metrics.suppression import COMPLEMENTARY, SMALL, suppress_column


def shown(values):
    cells, total = suppress_column(values, sum(values))
    return [c.shown for c in cells], total.shown


def recoverable(values) -> bool:
    """Brute force: with what is shown, does any small hidden cell have only one possible value?"""
    cells, total = suppress_column(values, sum(values))
    if total.hidden:
        return False
    hidden = [i for i, c in enumerate(cells) if c.hidden]
    rest = sum(values) - sum(v for i, v in enumerate(values) if i not in hidden)
    ranges = [range(1, 5) if cells[i].shown == SMALL else range(5, rest + 1) for i in hidden]
    solutions = [combo for combo in itertools.product(*ranges) if sum(combo) == rest]
    for position, i in enumerate(hidden):
        if cells[i].shown == SMALL and len({combo[position] for combo in solutions}) == 1:
            return True
    return False


def test_small_counts_are_shown_as_under_five_and_zero_as_zero():
    assert shown([0, 7, 9]) == (["0", "7", "9"], "16")
    cells, total = shown([3, 7, 9])
    assert cells[0] == SMALL
    assert COMPLEMENTARY in cells  # a second cell hides, or the total would give the 3 away
    assert total == "19"


def test_one_small_count_alone_hides_the_total_as_well():
    assert shown([0, 2, 0]) == (["0", SMALL, "0"], SMALL)


@pytest.mark.parametrize(
    "values",
    [[3, 7, 9], [1, 5], [4, 4], [1, 1, 6], [2, 30, 5, 6], [4, 5, 100], [1, 2, 3, 4], [3, 3], [1, 8, 8, 8]],
)
def test_no_small_count_follows_from_the_total(values):
    assert not recoverable(values)


def test_exhaustively_for_small_tables():
    for values in itertools.product([0, 1, 2, 4, 5, 6, 9], repeat=3):
        assert not recoverable(list(values)), values
