from django.apps import AppConfig


class LscbConfig(AppConfig):
    name = "lscb"
    verbose_name = "LSCB Plan Tracker"

    def ready(self):
        from . import (
            lookups,
            security,  # noqa: F401  (connects the sign-in audit log)
        )

        lookups.register()  # `in_ids`
