import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

# The garbage collector's full passes walk every object the process holds: with the site
# loaded and warm that is some 150 000 objects, and a pass paused whichever request set it off
# for 60 to 90 ms. What the site loads lives as long as the worker, so it is moved out of the
# collector's reach (``gc.freeze``): once here, and once more when the first requests have
# loaded the templates and filled the process's memos (``core.warm``).
import gc  # noqa: E402

from core.warm import freeze_when_warm  # noqa: E402

gc.freeze()
freeze_when_warm()
