"""A worker freezes what its first requests loaded out of the garbage collector's reach."""

import gc

from django.core.signals import request_finished

# Enough requests to have compiled the templates of the pages people visit and filled the
# frame parts and URL caches; few enough that a new worker is soon done with it.
WARM_AFTER_REQUESTS = 500


def freeze_when_warm(after=WARM_AFTER_REQUESTS):
    """Call ``gc.freeze()`` once, after ``after`` requests of this process."""
    served = 0

    def count(sender, **kwargs):
        nonlocal served
        served += 1
        if served >= after:
            request_finished.disconnect(count, dispatch_uid=_UID)
            gc.freeze()

    request_finished.connect(count, weak=False, dispatch_uid=_UID)


_UID = "core.warm.freeze_when_warm"
