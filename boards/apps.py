from django.apps import AppConfig


class BoardsConfig(AppConfig):
    default_auto_field = 'django.db.models.BigAutoField'
    name = 'boards'

    def ready(self):
        from . import revisions

        # before the actions app connects its own receivers: a saved action or update then locks its board's row
        # before its state's, the order the bulk writes follow too (actions.models), so two writers never deadlock
        revisions.connect()  # a board's revision is replaced whenever its cached pages change
