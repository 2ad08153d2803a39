"""The figures against the hand-counted network of conftest.py, and who sees which."""

import dataclasses

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.errors import PermissionRefused
from metrics.selectors import metrics_report
from tests.metrics.conftest import MAY_JUNE, NOW


def report(actor, **filters):
    return metrics_report(actor=actor, filters=dataclasses.replace(MAY_JUNE, **filters), now=NOW)


def totals(table) -> dict[str, int]:
    return {key: cell.value for key, cell in table.total.cells.items()}


def test_organization_coordinator_counts_by_hand(network):
    r = report(network.ngo_coordinator)
    assert r.scope.level == "organization"
    assert not r.suppressed
    t = totals(r.detail)
    # Sessions of g1 and g2: held 5 May (g1), 6 May and 3 June (g2); cancelled 12 May; 20 June to come.
    assert (t["held"], t["cancelled"], t["upcoming"]) == (3, 1, 1)
    assert t["pram_yes"] == 1  # only g1's room has a "yes" verdict
    # Sign-ups: four confirmed (three on 5 May, one on 20 June), one cancelled, one promoted.
    assert (t["confirmed"], t["signups_cancelled"], t["promoted"]) == (4, 1, 1)
    # Waiting when the session began: one on 5 May; the one waiting for 20 June is not counted yet.
    assert t["waiting_at_start"] == 1
    assert (t["attended_households"], t["no_shows"]) == (2, 1)
    # Those who came on 5 May: the purged booking (1 adult, 1 under 1, a pram) and the promoted one.
    assert (t["attended_adults"], t["attended_children_under_1"], t["attended_children_3_to_6"]) == (2, 1, 2)
    assert t["attended_prams"] == 1
    # Headcounts: 3+2 adults; bands 2 and 1 on 6 May; 4 children of unrecorded age on 3 June.
    assert t["headcount_adults"] == 5
    assert (t["headcount_children_under_1"], t["headcount_children_1_to_2"]) == (2, 1)
    assert (t["headcount_children_unrecorded"], t["headcount_prams"]) == (4, 2)
    assert t["booked_people"] == 7  # 2 + 2 + 3 confirmed people on 5 May
    # Fill rate: 7 booked of the room's 10 places on the one held sign-up session; drop-in not counted.
    assert r.detail.total.ratios["fill_rate"] == "70 %"
    assert r.detail.total.ratios["pram_yes_share"] == "33 %"  # 1 of 3 held
    # People reached: 2 adults + 3 children who came, 5 adults + 7 children counted.
    assert r.by_month.total.cells["reached"].value == 17
    assert r.cancel_reasons == [("Ohjaaja sairastui", "1")]


def test_by_month_splits_the_same_numbers(network):
    r = report(network.ngo_coordinator)
    rows = {row.key: row for row in r.by_month.rows}
    assert list(rows) == ["2026-05", "2026-06"]
    assert rows["2026-05"].value("held") == 2
    assert rows["2026-06"].value("held") == 1
    assert rows["2026-05"].value("reached") == 2 + 3 + 3 + 3  # came on 5 May, counted on 6 May
    assert rows["2026-06"].value("reached") == 2 + 4


def test_leader_sees_only_the_groups_they_lead(network):
    r = report(network.ngo_leader)
    assert r.scope.level == "leader"
    t = totals(r.detail)
    assert (t["held"], t["cancelled"], t["upcoming"], t["confirmed"]) == (1, 1, 1, 4)
    assert t["headcount_adults"] == 0  # g2 is not theirs
    assert [row.key for row in r.by_group.rows] == [network.g1.slug]


def test_coordinator_of_another_organization_sees_only_their_own(network):
    r = report(network.other_coordinator)
    t = totals(r.detail)
    assert (t["held"], t["confirmed"], t["headcount_adults"]) == (1, 1, 0)
    assert [row.key for row in r.by_group.rows] == [network.g4.slug]


def test_county_coordinator_sees_the_county_and_compares_municipalities(network):
    r = report(network.county_coordinator)
    assert r.scope.level == "county"
    assert r.suppressed  # figures of others' organizations: small counts hidden
    t = totals(r.detail)
    # Turku's 3 held and Salo's 1; the session outside the county is not counted.
    assert t["held"] == 4
    assert [row.label for row in r.by_municipality.rows] == ["Salo", "Turku"]
    assert {row.key: row.value("held") for row in r.by_kind.rows} == {"ngo": 3, "municipality": 1}


@pytest.mark.parametrize("who", ["outsider", None])
def test_anyone_else_has_no_access(network, who):
    actor = getattr(network, who) if who else None
    with pytest.raises(PermissionRefused) as refused:
        report(actor)
    assert refused.value.code == "forbidden"


def test_filters_narrow_the_figures(network):
    assert totals(report(network.county_coordinator, municipality="734").detail)["held"] == 1
    assert totals(report(network.ngo_coordinator, topic="open_meeting_place").detail)["held"] == 2
    assert totals(report(network.ngo_coordinator, language="sv").detail)["held"] == 2  # g2 is fi + sv
    assert totals(report(network.county_coordinator, kind="municipality").detail)["held"] == 1


def test_a_constant_number_of_queries(network):
    with CaptureQueriesContext(connection) as few:
        report(network.county_coordinator, by="organization")
    with CaptureQueriesContext(connection) as many:
        report(network.county_coordinator, by="group")
    assert len(few) == len(many) <= 12


def test_terms_and_reasons_in_suppressed_views(network):
    r = report(network.county_coordinator, by="term")
    assert [row.key for row in r.detail.rows] == ["2026-1"]  # spring 2026
    # One cancellation with its reason: fewer than five, so it is not shown on its own.
    assert [count for _reason, count in r.cancel_reasons] == ["<5"]
    assert "Ohjaaja sairastui" not in str(r.cancel_reasons)
