"""The proofs (load, faults, fuzzing) carry the ``proof`` marker: ``pytest -m "not proof"`` skips them."""

import pytest


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "proof: load, database fault and fuzz tests of the whole site (tests/proof/)"
    )


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/proof/" in str(item.fspath):
            item.add_marker(pytest.mark.proof)
