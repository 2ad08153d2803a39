"""What the Linked Events API tests share: fetching, schema checks, ids and times."""

import datetime as dt
from urllib.parse import urlencode

import jsonschema_rs

from events.uids import one_off_uid

API = "/linkedevents/v1"
PERSONAL = ("user_name", "user_email", "user_phone_number", "user_organization", "user_consent")


def valid(schema: dict, body: dict) -> None:
    errors = [str(error) for error in jsonschema_rs.validator_for(schema).iter_errors(body)]
    assert not errors, "\n\n".join(errors[:5])


def get(client, path: str, **params) -> dict:
    url = f"{API}/{path}" + (f"?{urlencode(params)}" if params else "")
    response = client.get(url)
    assert response.status_code == 200, (url, response.content[:500])
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return response.json()


def event_id(world, session) -> str:
    return f"perhekeskus:{one_off_uid(world.series, session.original_start)}"


def by_id(body: dict) -> dict[str, dict]:
    return {event["id"]: event for event in body["data"]}


def utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def event_ids(client, **params) -> set[str]:
    return {event["id"] for event in get(client, "event/", page_size=100, **params)["data"]}


def changed_since(client, moment: dt.datetime, **params) -> dict[str, dict]:
    return by_id(get(client, "event/", page_size=100, last_modified_since=utc_micro(moment), **params))


def utc_micro(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
