from django.apps import AppConfig


class ActionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "actions"

    def ready(self):
        from . import signals  # noqa: F401 - connects the receiver that keeps each action's current state
