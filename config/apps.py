from django.apps import AppConfig


class ProjectConfig(AppConfig):
    """The top layer: settings, URLs and the commands that compose every app (`seed_demo`). No models."""

    name = "config"
    label = "config"
    verbose_name = "Perhekeskus"
