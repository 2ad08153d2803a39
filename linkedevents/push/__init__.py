"""Pushing the network's sessions into a city's own Linked Events instance (`linkedevents_push`).

config.py: one instance's settings; payloads.py: our events as that instance's write payloads;
transport.py: the instance's API with retries and backoff; run.py: the plan (create, update, delete)
and its execution, idempotent by our ids. Reads our data only through the linkedevents
selectors and serializers, so a pushed event is exactly what /linkedevents/v1/ shows.
"""
