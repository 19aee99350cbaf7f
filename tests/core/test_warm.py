"""A worker moves what its first requests loaded out of the garbage collector's reach, once."""

import gc

import pytest
from django.core.signals import request_finished

from core.warm import freeze_when_warm

pytestmark = pytest.mark.django_db


@pytest.fixture
def unfrozen():
    gc.unfreeze()
    yield
    gc.unfreeze()  # the rest of the suite collects as usual


def test_the_process_is_frozen_once_after_its_first_requests(client, unfrozen):
    freeze_when_warm(after=3)
    receivers = len(request_finished.receivers)
    client.get("/healthz")
    client.get("/healthz")
    assert gc.get_freeze_count() == 0
    client.get("/healthz")
    frozen = gc.get_freeze_count()
    assert frozen > 0
    assert len(request_finished.receivers) == receivers - 1
    gc.unfreeze()
    client.get("/healthz")
    assert gc.get_freeze_count() == 0  # done with: later requests leave the collector alone
