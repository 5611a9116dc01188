"""Pure-Python tests of wiseparts_quick_order/services/quick_order.py."""

import importlib.util
from datetime import datetime
from pathlib import Path

PATH = Path(__file__).resolve().parents[1] / "wiseparts_quick_order" / "services" / "quick_order.py"
spec = importlib.util.spec_from_file_location("wp_quick_order_services", PATH)
services = importlib.util.module_from_spec(spec)
spec.loader.exec_module(services)


def test_forwarded_for_only_behind_proxy():
    assert services.client_ip("10.0.0.1", "1.2.3.4", False) == "10.0.0.1"
    assert services.client_ip("10.0.0.1", "9.9.9.9, 1.2.3.4", True) == "1.2.3.4"
    assert services.client_ip("10.0.0.1", "", True) == "10.0.0.1"
    assert services.client_ip(None, None, False) == "unknown"


def test_window_start():
    now = datetime(2026, 3, 4, 10, 17, 42)
    assert services.window_start(now, 60) == datetime(2026, 3, 4, 10, 17)
    assert services.window_start(now, 3600) == datetime(2026, 3, 4, 10, 0)


def test_parse_quantity_bounds():
    assert services.parse_quantity("3") == 3.0
    assert services.parse_quantity("2,5") == 2.5
    assert services.parse_quantity(" 10000 ") == 10000.0
    for bad in ("0", "-1", "10001", "abc", "", "nan", "inf", None, "1e400"):
        assert services.parse_quantity(bad) is None, bad


def test_is_zero():
    for zero in ("0", "0.00", " 0,0 ", 0):
        assert services.is_zero(zero), zero
    for other in ("1", "0.001", "abc", "", None, "-1"):
        assert not services.is_zero(other), other
