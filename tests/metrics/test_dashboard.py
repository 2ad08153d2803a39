"""The dashboard, its exports and the JSON answer through real HTTP, per role."""

import csv
import io
import json

import pytest
from django.test import Client
from openpyxl import load_workbook

from tests.factories import UserFactory
from tests.metrics.conftest import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]

URL = "/en/leader/metrics/"
QUERY = {"start": "2026-05", "end": "2026-06"}


def test_coordinator_sees_charts_and_tables(network):
    response = client_for(network.ngo_coordinator).get(URL, QUERY)
    assert response.status_code == 200
    html = response.content.decode()
    for title in (
        "People reached by month",
        "Fill rate by municipality",
        "Waiting-list hot spots",
        "Reach by provider kind",
    ):
        assert title in html
    assert html.count('<svg role="img"') == 4
    assert "70 %" in html  # fill rate, unsuppressed inside the organization
    assert "Ohjaaja sairastui" in html


def test_county_view_hides_small_counts(network):
    response = client_for(network.county_coordinator).get(URL, {**QUERY, "by": "municipality"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "&lt;5" in html
    assert "Salo" in html
    assert "Turku" in html


@pytest.mark.parametrize("who", ["outsider"])
def test_no_role_no_dashboard(network, who):
    response = client_for(getattr(network, who)).get(URL, QUERY)
    assert response.status_code == 403


def test_anonymous_is_sent_to_log_in(network):
    response = Client().get(URL, QUERY)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("query", "error"),
    [
        ({"start": "2026-13"}, "Give the month as year and month"),
        ({"start": "9999-01"}, "Choose a month between 2000"),
        ({"start": "2026-06", "end": "2026-01"}, "must not come after"),
        ({"start": "2020-01", "end": "2026-01"}, "at most 36 months"),
        ({"by": "<script>"}, "Select a valid choice"),
    ],
)
def test_bad_filters_answer_400_with_the_reason(network, query, error):
    response = client_for(network.ngo_coordinator).get(URL, query)
    assert response.status_code == 400
    assert error in response.content.decode()


def _csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_csv_export_is_suppressed_even_inside_the_organization(network):
    response = client_for(network.ngo_coordinator).get(URL, {**QUERY, "format": "csv", "by": "month"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = _csv_rows(response)
    header = rows[2]
    body = rows[3:]
    assert body[-1][0] == "Total"
    held = header.index("Sessions held")
    assert [row[held] for row in body] == ["<5", "<5", "<5"]  # 2, 1 and their total 3
    for row in body:
        for value in row[1:]:
            assert value not in {"1", "2", "3", "4"}, row


def test_xlsx_export_is_suppressed(network):
    response = client_for(network.ngo_coordinator).get(URL, {**QUERY, "format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell.value for row in sheet.iter_rows(min_row=4) for cell in row[1:]]
    assert "<5" in values
    assert not {1, 2, 3, 4} & {v for v in values if isinstance(v, int)}


def test_api_needs_a_login_and_a_role(network):
    assert Client().get("/api/v1/metrics", QUERY).status_code == 401
    assert client_for(network.outsider).get("/api/v1/metrics", QUERY).status_code == 403
    bad = client_for(network.ngo_coordinator).get("/api/v1/metrics", {"start": "x"})
    assert bad.status_code == 422


def test_api_figures_are_suppressed(network):
    response = client_for(network.county_coordinator).get("/api/v1/metrics", {**QUERY, "by": "municipality"})
    assert response.status_code == 200
    data = response.json()
    assert data["scope"] == "county"
    assert data["suppressed"] is True
    for row in [*data["rows"], data["total"]]:
        for value in row["values"].values():
            assert value not in {1, 2, 3, 4}, row
    assert json.dumps(data)  # plain JSON


def test_leader_sees_their_groups_page_and_an_admin_the_whole_network_suppressed(network):
    response = client_for(network.ngo_leader).get(URL, QUERY)
    assert response.status_code == 200
    assert "The groups you lead." in response.content.decode()
    admin = UserFactory(is_superuser=True, is_staff=True)
    page = client_for(admin).get(URL, QUERY)
    assert page.status_code == 200
    assert "The whole network." in page.content.decode()
    assert page.context["report"].suppressed
