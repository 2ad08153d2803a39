"""The push client against a Linked Events–shaped server on loopback (tests/linkedevents/fake_instance.py)."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from events.services.sessions import session_cancel
from linkedevents.push.config import ConfigError, instance_config
from linkedevents.push.run import push
from tests.linkedevents.conftest import move_later, remove_last_session
from tests.linkedevents.fake_instance import API_KEY, DATA_SOURCE, PUBLISHER, FakeLinkedEvents

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake():
    with FakeLinkedEvents() as server:
        yield server


def _instance(fake, **extra):
    settings = {
        "turku": {
            "api_url": fake.url,
            "api_key": API_KEY,
            "data_source": DATA_SOURCE,
            "publisher": PUBLISHER,
            "municipalities": ["853"],
            "places": {"perhekeskus-a": "tpr:12345"},
            "backoff": 0.001,
        }
        | extra
    }
    return instance_config("turku", instances=settings, environ={})


def _sub_ids(world) -> set[str]:
    return {f"{DATA_SOURCE}:{s.uid}" for s in world.sessions}


def test_first_push_creates_the_series_then_its_sessions(world, fake):
    summary = push(_instance(fake))
    super_id = f"{DATA_SOURCE}:{world.series.uid}"
    assert set(summary.created) == {super_id} | _sub_ids(world)
    assert summary.created[0] == super_id  # before the sub-events that point at it
    assert (summary.updated, summary.deleted, summary.failed, summary.unchanged) == ([], [], {}, 0)
    stored = fake.events[f"{DATA_SOURCE}:{world.sessions[0].uid}"]
    assert stored["super_event"] == {"@id": f"{fake.url}event/{super_id}/"}
    assert stored["location"] == {"@id": f"{fake.url}place/tpr:12345/"}
    assert stored["keywords"] == [
        {"@id": f"{fake.url}keyword/yso:p12877/"},
        {"@id": f"{fake.url}keyword/yso:p12878/"},
    ]
    assert stored["in_language"] == [{"@id": f"{fake.url}language/fi/"}, {"@id": f"{fake.url}language/sv/"}]
    assert stored["name"] == {"fi": "Vauvakerho", "sv": "Babyklubben", "en": "Baby club"}
    assert stored["publisher"] == PUBLISHER
    assert fake.events[super_id]["super_event_type"] == "recurring"
    cancelled = fake.events[f"{DATA_SOURCE}:{world.cancelled.uid}"]
    assert cancelled["event_status"] == "EventCancelled"


def test_second_push_changes_nothing(world, fake):
    push(_instance(fake))
    writes = len(fake.writes())
    summary = push(_instance(fake))
    assert summary.unchanged == 6
    assert (summary.created, summary.updated, summary.deleted) == ([], [], [])
    assert len(fake.writes()) == writes


def test_an_edit_updates_one_event_and_a_cancellation_is_event_cancelled(world, fake):
    push(_instance(fake))
    middle = world.sessions[2]
    move_later(world, middle)
    summary = push(_instance(fake))
    middle_id = f"{DATA_SOURCE}:{middle.uid}"
    assert summary.updated == [middle_id]
    assert summary.unchanged == 5
    assert fake.writes()[-1] == ("PUT", f"/v1/event/{middle_id}/")
    assert fake.events[middle_id]["start_time"] == (middle.start + dt.timedelta(hours=1)).astimezone(
        dt.UTC
    ).strftime("%Y-%m-%dT%H:%M:%SZ")
    session_cancel(actor=world.leader, session=world.moved, reason="Remontti.")
    summary = push(_instance(fake))
    moved_id = f"{DATA_SOURCE}:{world.moved.uid}"
    assert (summary.updated, summary.cancelled) == ([moved_id], [moved_id])
    assert fake.events[moved_id]["event_status"] == "EventCancelled"


def test_a_deleted_session_is_deleted(world, fake):
    push(_instance(fake))
    last = world.sessions[-1]
    remove_last_session(world)
    summary = push(_instance(fake))
    gone = f"{DATA_SOURCE}:{last.uid}"
    assert summary.deleted == [gone]
    assert fake.events[gone]["deleted"] is True
    assert ("DELETE", f"/v1/event/{gone}/") in fake.writes()
    assert summary.failed == {}


def test_a_500_is_retried(world, fake):
    fake.fail["POST"] = 2  # the first two creations answer 500
    fake.fail["GET"] = 1
    summary = push(_instance(fake))
    assert summary.failed == {}
    assert len(summary.created) == 6
    assert summary.retries == 3
    super_id = f"{DATA_SOURCE}:{world.series.uid}"
    assert fake.log[:4] == [("GET", "/v1/event/"), ("GET", "/v1/event/")] + [("POST", "/v1/event/")] * 2
    assert super_id in fake.events


def test_a_server_that_keeps_failing_is_a_failure_not_a_crash(world, fake):
    fake.fail["PUT"] = 100
    push(_instance(fake))
    session_cancel(actor=world.leader, session=world.sessions[0], reason="Myrsky.")
    summary = push(_instance(fake, retries=2))
    assert list(summary.failed) == [f"{DATA_SOURCE}:{world.sessions[0].uid}"]
    assert "500" in summary.failed[f"{DATA_SOURCE}:{world.sessions[0].uid}"]
    assert summary.unchanged == 5


def test_paging_through_the_instances_answers(world, fake):
    push(_instance(fake))
    for number in range(250):  # other events of ours there, e.g. from an earlier installation
        event_id = f"{DATA_SOURCE}:00000000-0000-4000-8000-{number:012d}"
        fake.events[event_id] = {
            "id": event_id,
            "data_source": DATA_SOURCE,
            "publisher": PUBLISHER,
            "start_time": "2099-01-01T10:00:00Z",
            "end_time": "2099-01-01T11:00:00Z",
            "super_event_type": None,
            "deleted": False,
        }
    summary = push(_instance(fake))
    assert len(summary.deleted) == 250
    assert summary.unchanged == 6
    assert [path for method, path in fake.log if method == "GET"].count("/v1/event/") >= 3 + 1


def test_dry_run_writes_nothing(world, fake):
    summary = push(_instance(fake), dry_run=True)
    assert len(summary.created) == 6
    assert fake.writes() == []
    assert "would create 6" in "\n".join(summary.lines())


def test_venues_without_a_place_are_skipped_not_deleted(world, fake):
    push(_instance(fake))
    summary = push(_instance(fake, places={}))
    assert len(summary.skipped) == 6
    assert summary.deleted == []


def test_only_the_instances_municipalities_are_sent(world, fake):
    summary = push(_instance(fake, municipalities=["202"]))
    assert (summary.created, summary.skipped) == ([], {})
    assert fake.writes() == []


def test_command_prints_a_summary_and_reads_settings_and_environment(world, fake, settings, monkeypatch):
    settings.LINKEDEVENTS_INSTANCES = {
        "turku": {"api_url": fake.url, "data_source": DATA_SOURCE, "publisher": PUBLISHER, "backoff": 0.001}
    }
    monkeypatch.setenv("LINKEDEVENTS_TURKU_API_KEY", API_KEY)
    monkeypatch.setenv("LINKEDEVENTS_TURKU_PLACES", '{"perhekeskus-a": "tpr:12345"}')
    out = io.StringIO()
    call_command("linkedevents_push", "--instance", "turku", stdout=out)
    assert "create 6, update 0 (of them cancelled 0), delete 0, unchanged 0" in out.getvalue()
    with pytest.raises(CommandError, match="espoo"):
        call_command("linkedevents_push", "--instance", "espoo", stdout=io.StringIO())


def test_bad_configuration_is_refused_before_any_request():
    with pytest.raises(ConfigError) as missing:
        instance_config("turku", instances={"turku": {"api_url": "https://x.example/v1/"}}, environ={})
    assert missing.value.code == "bad_config"
    with pytest.raises(ConfigError):
        instance_config(
            "turku",
            instances={"turku": {"api_url": "ftp://x", "api_key": "k", "data_source": "d", "publisher": "p"}},
            environ={},
        )
