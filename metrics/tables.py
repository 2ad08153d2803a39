"""Roll the collected facts up into tables: one row per value of a breakdown, and a total.

Pure Python over `queries.Facts`; no queries. Which columns a table publishes is fixed
here, and none of them is a sum of others (see `suppression`): held, cancelled and upcoming
sessions rather than "planned" too; the people reached are published only where their
parts are not (the charts' tables). Ratios (fill rate, share of sessions in rooms with a
`yes` pram verdict, the average feedback score) follow their counts: hidden when one of
their counts is.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from events.models import Group
from metrics import suppression
from metrics.queries import ALL_COUNTS, BANDS, Facts, Grain
from metrics.suppression import Cell
from venues.models import Organization

FEEDBACK_MIN_RESPONSES = 5  # an average of fewer answers is not shown anywhere


@dataclass(frozen=True)
class Column:
    key: str
    label: str


COLUMNS: dict[str, Column] = {
    c.key: c
    for c in (
        Column("held", _("Sessions held")),
        Column("cancelled", _("Sessions cancelled")),
        Column("upcoming", _("Sessions still to come")),
        Column("pram_yes", _("Held in a room accessible with a pram")),
        Column("mobile_visits", _("Mobile family centre visits")),
        Column("confirmed", _("Sign-ups confirmed")),
        Column("waiting_at_start", _("Still waiting when the session began")),
        Column("promoted", _("Moved up from the waiting list")),
        Column("signups_cancelled", _("Sign-ups cancelled")),
        Column("no_shows", _("Did not come")),
        Column("attended_households", _("Households that came")),
        Column("attended_adults", _("Adults who came (signed up)")),
        Column("attended_children_under_1", _("Children under 1 who came (signed up)")),
        Column("attended_children_1_to_2", _("Children aged 1–2 who came (signed up)")),
        Column("attended_children_3_to_6", _("Children aged 3–6 who came (signed up)")),
        Column("attended_children_7_plus", _("Children aged 7 or over who came (signed up)")),
        Column("attended_prams", _("Prams (signed up)")),
        Column("headcount_adults", _("Adults counted at drop-in")),
        Column("headcount_children_under_1", _("Children under 1 counted at drop-in")),
        Column("headcount_children_1_to_2", _("Children aged 1–2 counted at drop-in")),
        Column("headcount_children_3_to_6", _("Children aged 3–6 counted at drop-in")),
        Column("headcount_children_7_plus", _("Children aged 7 or over counted at drop-in")),
        Column("headcount_children_unrecorded", _("Children counted at drop-in, age not recorded")),
        Column("headcount_prams", _("Prams counted at drop-in")),
        Column("booked_people", _("People booked on held sessions")),
        Column("feedback_responses", _("Feedback answers")),
        Column("reached", _("People reached")),
    )
}
# The full table: every published count (no column the sum of others).
DETAIL_COLUMNS = tuple(key for key in COLUMNS if key != "reached")
REACH_PARTS = (
    "attended_adults",
    *(f"attended_{band}" for band in BANDS),
    "headcount_adults",
    *(f"headcount_{band}" for band in BANDS),
    "headcount_children_unrecorded",
)

RATIO_LABELS = {
    "fill_rate": _("Fill rate"),
    "pram_yes_share": _("Share in rooms accessible with a pram"),
    "feedback_average": _("Average feedback (1–5)"),
}


@dataclass(frozen=True)
class Dimension:
    key: str
    label: str


DIMENSIONS: dict[str, Dimension] = {
    d.key: d
    for d in (
        Dimension("month", _("Month")),
        Dimension("term", _("Term")),
        Dimension("region", _("Sub-region")),
        Dimension("municipality", _("Municipality")),
        Dimension("kind", _("Provider kind")),
        Dimension("organization", _("Organization")),
        Dimension("topic", _("Topic")),
        Dimension("audience", _("For whom")),
        Dimension("language", _("Language")),
        Dimension("group", _("Group")),
    )
}


@dataclass
class Row:
    key: str
    label: str
    cells: dict[str, Cell] = field(default_factory=dict)
    ratios: dict[str, str] = field(default_factory=dict)  # formatted, or "" when hidden or undefined
    ratio_values: dict[str, float | None] = field(default_factory=dict)

    def value(self, column: str) -> int:
        return self.cells[column].value


@dataclass
class Table:
    dimension: Dimension
    columns: list[Column]
    rows: list[Row]
    total: Row
    suppressed: bool

    @property
    def ratio_columns(self) -> list[tuple[str, str]]:
        return [(key, str(label)) for key, label in RATIO_LABELS.items()]


def _languages(group: Group) -> tuple[str, str]:
    names = []
    if group.in_finnish:
        names.append(("fi", _("Finnish")))
    if group.in_swedish:
        names.append(("sv", _("Swedish")))
    if group.in_english:
        names.append(("en", _("English")))
    if group.other_languages:
        names.append(("other", _("other languages")))
    return "+".join(code for code, _name in names), " + ".join(str(name) for _code, name in names)


def _term(month: dt.date) -> tuple[str, str]:
    if month.month >= 8:
        return f"{month.year}-2", str(_("autumn %(year)s") % {"year": month.year})
    return f"{month.year}-1", str(_("spring %(year)s") % {"year": month.year})


def key_of(facts: Facts, dimension: str) -> Callable[[Grain], tuple[str, str, object]]:
    """For a grain: the breakdown's key, its label, and how it sorts."""
    kinds = dict(Organization.Kind.choices)
    topics = dict(Group.Topic.choices)
    audiences = dict(Group.Audience.choices)

    def month(grain: Grain) -> tuple[str, str, object]:
        return grain[0].strftime("%Y-%m"), date_format(grain[0], "YEAR_MONTH_FORMAT"), grain[0]

    def term(grain: Grain) -> tuple[str, str, object]:
        key, label = _term(grain[0])
        return key, label, key

    def municipality(grain: Grain) -> tuple[str, str, object]:
        m = facts.municipalities[grain[1]]
        return m.code, m.name, m.name

    def region(grain: Grain) -> tuple[str, str, object]:
        r = facts.municipalities[grain[1]].region
        return r.code, r.name, r.name

    def organization(grain: Grain) -> tuple[str, str, object]:
        o = facts.organizations[facts.groups[grain[2]].organization_id]
        return o.slug, o.name, o.name

    def kind(grain: Grain) -> tuple[str, str, object]:
        k = facts.organizations[facts.groups[grain[2]].organization_id].kind
        return k, str(kinds.get(k, k)), list(kinds).index(k) if k in kinds else 99

    def topic(grain: Grain) -> tuple[str, str, object]:
        t = facts.groups[grain[2]].topic
        return t, str(topics.get(t, t)), str(topics.get(t, t))

    def audience(grain: Grain) -> tuple[str, str, object]:
        a = facts.groups[grain[2]].audience
        return a, str(audiences.get(a, a)), str(audiences.get(a, a))

    def language(grain: Grain) -> tuple[str, str, object]:
        key, label = _languages(facts.groups[grain[2]])
        return key, label, label

    def group(grain: Grain) -> tuple[str, str, object]:
        g = facts.groups[grain[2]]
        return g.slug, g.title, g.title

    return locals()[dimension]


def _ratio(numerator: int, denominator: int, *, percent: bool) -> float | None:
    if not denominator:
        return None
    return numerator / denominator * (100 if percent else 1)


def _fmt(value: float | None, *, percent: bool) -> str:
    if value is None:
        return ""
    return f"{value:.0f} %" if percent else f"{value:.1f}".replace(".", ",")


def _ratios(row: Row, counts: dict[str, int]) -> None:
    cells = row.cells
    fill = _ratio(counts["booked_people"], counts["capacity"], percent=True)
    share = _ratio(counts["pram_yes"], counts["held"], percent=True)
    average = (
        counts["feedback_score_sum"] / counts["feedback_responses"]
        if counts["feedback_responses"] >= FEEDBACK_MIN_RESPONSES
        else None
    )
    if suppression.hide_ratio(cells["booked_people"]):
        fill = None
    if suppression.hide_ratio(cells["pram_yes"], cells["held"]):
        share = None
    if suppression.hide_ratio(cells["feedback_responses"]):
        average = None
    row.ratio_values = {"fill_rate": fill, "pram_yes_share": share, "feedback_average": average}
    row.ratios = {
        "fill_rate": _fmt(fill, percent=True),
        "pram_yes_share": _fmt(share, percent=True),
        "feedback_average": _fmt(average, percent=False),
    }


RATIO_PARTS = ("booked_people", "capacity", "pram_yes", "held", "feedback_responses", "feedback_score_sum")


def _index(dimension: str, grain: Grain, facts: Facts) -> tuple:
    """What a breakdown's key depends on, cheaply: the month, the municipality or the group."""
    if dimension in {"month", "term"}:
        return (grain[0],)
    if dimension in {"municipality", "region"}:
        return (grain[1],)
    return (grain[2],)


def build_table(
    facts: Facts, dimension: str, *, suppress: bool, columns: Sequence[str] = DETAIL_COLUMNS
) -> Table:
    """One breakdown of the facts, suppressed or not, rows sorted by their label (months by date)."""
    key = key_of(facts, dimension)
    # Only the counts this table shows or derives from: the chart tables add up a handful.
    wanted = {*columns, *RATIO_PARTS} | (set(REACH_PARTS) if "reached" in columns else set())
    names = [name for name in ALL_COUNTS if name in wanted]
    sums: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(ALL_COUNTS, 0))
    labels: dict[str, tuple[str, object]] = {}
    # Grains of the same key share a label: format it once (month names are slow to format).
    by_index: dict[tuple, str] = {}
    for grain, counts in facts.counts.items():
        index = _index(dimension, grain, facts)
        k = by_index.get(index)
        if k is None:
            k, label, order = key(grain)
            by_index[index] = k
            labels[k] = (label, order)
        row = sums[k]
        for name in names:
            row[name] += counts[name]
    ordered = sorted(sums, key=lambda k: (labels[k][1], k))
    raw_rows = []
    for k in ordered:
        counts = sums[k]
        counts["reached"] = sum(counts[part] for part in REACH_PARTS)
        raw_rows.append(counts)
    totals = dict.fromkeys(ALL_COUNTS, 0)
    for counts in raw_rows:
        for name in ALL_COUNTS:
            totals[name] += counts[name]
    totals["reached"] = sum(totals[part] for part in REACH_PARTS)
    counted = [
        *columns,
        *(c for c in ("booked_people", "pram_yes", "held", "feedback_responses") if c not in columns),
    ]
    make = suppression.suppress_table if suppress else suppression.plain
    cell_rows, total_cells = make(raw_rows, totals, counted)
    rows = []
    for k, counts, cells in zip(ordered, raw_rows, cell_rows, strict=True):
        row = Row(key=k, label=labels[k][0], cells=cells)
        _ratios(row, counts)
        rows.append(row)
    total = Row(key="", label=str(_("Total")), cells=total_cells)
    _ratios(total, totals)
    return Table(
        dimension=DIMENSIONS[dimension],
        columns=[COLUMNS[c] for c in columns],
        rows=rows,
        total=total,
        suppressed=suppress,
    )


def align_totals(tables: Sequence[Table]) -> None:
    """A grand total hidden in one table is hidden in all (the same number in each); the people
    reached hide their total when any of their parts' does."""
    columns = {column.key for table in tables for column in table.columns} | {"booked_people"}
    present = [c for c in columns if all(c in t.total.cells for t in tables)]
    suppression.hide_totals([t.total.cells for t in tables], present)
    parts_hidden = any(t.total.cells[p].hidden for t in tables for p in REACH_PARTS if p in t.total.cells)
    if parts_hidden:
        for t in tables:
            if "reached" in t.total.cells and not t.total.cells["reached"].hidden:
                t.total.cells["reached"] = Cell(t.total.cells["reached"].value, suppression.COMPLEMENTARY)
    for t in tables:
        if t.total.cells.get("booked_people", Cell(0, "0")).hidden:
            t.total.ratios["fill_rate"] = ""
            t.total.ratio_values["fill_rate"] = None
