"""One Linked Events instance's push settings: from settings.LINKEDEVENTS_INSTANCES[name], each key
overridable by the environment variable LINKEDEVENTS_<NAME>_<KEY> (so API keys stay out of files)."""

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError

KEYS = ("api_url", "api_key", "data_source", "publisher", "municipalities", "organizations", "places")
LISTS = ("municipalities", "organizations")


class ConfigError(DomainError):
    """The instance is unknown or lacks a setting: the command stops before any request."""


@dataclass(frozen=True)
class Instance:
    name: str
    api_url: str  # ends with "/", e.g. https://linkedevents-api.turku.fi/v1/
    api_key: str
    data_source: str  # our events' prefix there, e.g. "perhekeskus" → perhekeskus:<uuid>
    publisher: str  # the organization id we publish as there
    municipalities: tuple[str, ...] = ()  # municipality codes to send; empty: all
    organizations: tuple[str, ...] = ()  # organization slugs to send; empty: all
    places: Mapping[str, str] = field(default_factory=dict)  # venue slug → the instance's place id
    default_place: str | None = None  # for venues without their own place (e.g. "osoite:…")
    timeout: float = 15.0
    retries: int = 4
    backoff: float = 0.5  # seconds before the first retry; doubles each time

    def url(self, endpoint: str, object_id: str | None = None) -> str:
        return f"{self.api_url}{endpoint}/" + (f"{object_id}/" if object_id else "")


def _from_env(name: str, key: str, environ: Mapping[str, str]) -> str | None:
    return environ.get(f"LINKEDEVENTS_{name.upper()}_{key.upper()}")


def instance_config(
    name: str, *, instances: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> Instance:
    instances = settings.LINKEDEVENTS_INSTANCES if instances is None else instances
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = dict(instances.get(name, {}))
    for key in (*KEYS, "default_place"):
        raw = _from_env(name, key, environ)
        if raw is None:
            continue
        if key in LISTS:
            values[key] = [part.strip() for part in raw.split(",") if part.strip()]
        elif key == "places":
            try:
                values[key] = json.loads(raw)
            except ValueError:
                raise ConfigError(
                    _("LINKEDEVENTS_%(name)s_PLACES is not JSON.") % {"name": name.upper()}, code="bad_config"
                ) from None
        else:
            values[key] = raw
    if not values:
        raise ConfigError(_("Unknown Linked Events instance: %(name)s.") % {"name": name}, code="unknown")
    missing = [key for key in ("api_url", "api_key", "data_source", "publisher") if not values.get(key)]
    if missing:
        raise ConfigError(
            _("Instance %(name)s lacks %(keys)s.") % {"name": name, "keys": ", ".join(missing)},
            code="bad_config",
        )
    api_url = str(values["api_url"]).rstrip("/") + "/"
    if not api_url.startswith(("https://", "http://")):
        raise ConfigError(_("api_url must be an http(s) URL."), code="bad_config")
    tuning = {key: float(values[key]) for key in ("timeout", "backoff") if key in values}
    return Instance(
        name=name,
        api_url=api_url,
        api_key=str(values["api_key"]),
        data_source=str(values["data_source"]),
        publisher=str(values["publisher"]),
        municipalities=tuple(values.get("municipalities") or ()),
        organizations=tuple(values.get("organizations") or ()),
        places=dict(values.get("places") or {}),
        default_place=values.get("default_place") or None,
        retries=int(values.get("retries", 4)),
        **tuning,
    )
