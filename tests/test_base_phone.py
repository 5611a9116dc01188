"""Pure-Python tests of wiseparts_base/services/phone.py (calls, partners, WhatsApp)."""

import importlib.util
from pathlib import Path

import pytest

PATH = Path(__file__).resolve().parents[1] / "wiseparts_base" / "services" / "phone.py"
spec = importlib.util.spec_from_file_location("wp_base_phone", PATH)
phone = importlib.util.module_from_spec(spec)
spec.loader.exec_module(phone)


@pytest.mark.parametrize(
    ("number", "region", "e164"),
    [
        ("+32 2 456 12 34", None, "+3224561234"),
        ("0032 2 456 12 34", None, "+3224561234"),
        ("02/456.12.34", "BE", "+3224561234"),
        ("+32 (0)2 456 12 34", "be", "+3224561234"),
        ("01 23 45 67 89", "FR", "+33123456789"),
        ("06 12 34 56 78", "FR", "+33612345678"),
        ("0033 6 12 34 56 78", None, "+33612345678"),
        ("+33 (0)6-12-34-56-78", None, "+33612345678"),
        ("612 34 56 78", "ES", "+34612345678"),
        ("+33 6 12 34 56 78", "ES", "+33612345678"),  # an international number ignores region
        (33612345678, "FR", "+33612345678"),  # digits not given as text
        ("02 456 12 34", None, None),  # national format without a country
        ("12", None, None),  # not a possible length
        ("+32 2 456", "BE", None),
        ("not a number", "BE", None),
        ("", "BE", None),
        (None, "BE", None),
        (False, None, None),  # an empty Odoo field
    ],
)
def test_to_e164(number, region, e164):
    assert phone.to_e164(number, region) == e164


def test_national_digits():
    assert phone.national_digits("+3224561234") == "024561234"
    assert phone.national_digits("+33123456789") == "0123456789"
    assert phone.national_digits("") is None
    assert phone.national_digits(None) is None
    assert phone.national_digits("not a number") is None
