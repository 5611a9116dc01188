"""Pure-Python tests of the check-in distance (wiseparts_activities/services/geo.py)."""

import importlib.util
import math
from pathlib import Path

import pytest

PATH = Path(__file__).resolve().parents[1] / "wiseparts_activities" / "services" / "geo.py"
spec = importlib.util.spec_from_file_location("wp_activities_geo", PATH)
geo = importlib.util.module_from_spec(spec)
spec.loader.exec_module(geo)


def test_same_point_is_zero():
    assert geo.haversine_m(45.7578, 4.832, 45.7578, 4.832) == 0


def test_one_degree_of_latitude_is_about_111_km():
    assert geo.haversine_m(0, 0, 1, 0) == pytest.approx(111195, abs=1)


def test_paris_lyon():
    # Notre-Dame de Paris to Place Bellecour, Lyon: 391.5 km as the crow flies
    assert geo.haversine_m(48.853, 2.3499, 45.7578, 4.832) == pytest.approx(391_500, rel=0.005)


def test_antipodes_do_not_overflow():
    assert geo.haversine_m(0, 0, 0, 180) == pytest.approx(math.pi * geo.EARTH_RADIUS_M)


@pytest.mark.parametrize(
    ("value", "limit", "expected"),
    [
        (45, 90, 45.0),
        (-90.0, 90, -90.0),
        (180, 180, 180.0),
        (90.0001, 90, None),
        (-181, 180, None),
        ("45", 90, None),
        (True, 90, None),
        (None, 90, None),
        (float("inf"), 90, None),
        (float("nan"), 90, None),
    ],
)
def test_valid_coordinate(value, limit, expected):
    assert geo.valid_coordinate(value, limit) == expected
