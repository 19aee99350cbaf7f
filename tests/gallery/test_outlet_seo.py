import json
import re

import pytest

from tests.factories import OpeningHoursFactory, OutletFactory

pytestmark = pytest.mark.django_db


def jsonld_blocks(html):
    return [
        json.loads(m)
        for m in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]


def test_an_open_outlets_page_describes_the_store_for_search_engines(client):
    outlet = OutletFactory(name="Galeri Menong 1", address="Jl. Veteran No. 134, Ciseureuh")
    OpeningHoursFactory(outlet=outlet, weekday=0, opens="08:00", closes="17:00")
    html = client.get(outlet.get_absolute_url()).content.decode()
    stores = [block for block in jsonld_blocks(html) if block.get("@type") == "Store"]
    assert len(stores) == 1
    store = stores[0]
    assert store["name"] == "Galeri Menong 1"
    assert "Jl. Veteran No. 134" in json.dumps(store["address"])


def test_a_planned_outlet_is_not_described_as_a_store(client):
    outlet = OutletFactory(is_planned=True)
    html = client.get(outlet.get_absolute_url()).content.decode()
    assert not [block for block in jsonld_blocks(html) if block.get("@type") == "Store"]
