"""Pure-Python tests of wiseparts_base/services/upsert.py: row checks, references, changes."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location(
    "wiseparts_upsert_rows", ROOT / "wiseparts_base" / "services" / "upsert.py"
)
upsert = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(upsert)


class Env:
    """Stands for Odoo's env: `_` interpolates like env._ does."""

    def _(self, text, **params):
        return text % params if params else text


ENV = Env()
FOUND = {
    "partners": {"C-1": [(10, False, False)], "C-1-BR": [(11, 10, True)]},
    "countries": {"FR": 75},
    "users": {"rita": 7},
    "teams": {"Lyon": 3},
    "langs": {"fr_FR", "en_US"},
}


def messages(errors):
    return [error.format() for error in errors]


def test_every_bad_row_is_listed_with_its_number_ref_and_field():
    rows = [
        {"ref": "C-2", "name": "Garage", "discount_percent": 120},
        {"name": "No ref"},
        {"ref": "C-2", "name": "Again"},
        {"ref": "C-3", "name": "X", "colour": "red", "categories": "not a list"},
        "not a dict",
    ]
    _clean, errors = upsert.check_rows(rows, ENV)
    assert messages(errors) == [
        "row 1 (ref C-2): discount_percent: 120 is out of range (0 to 100)",
        "row 2 (ref ?): ref: required (the Customer ID)",
        "row 3 (ref C-2): ref: also sent in row 1",
        "row 4 (ref C-3): colour: unknown field",
        "row 4 (ref C-3): categories: must be a list of names",
        "row 5 (ref ?): row: must be a dictionary of fields",
    ]


def test_clean_rows_strip_text_and_turn_empty_into_false():
    clean, errors = upsert.check_rows(
        [{"ref": " C-9 ", "name": " Garage ", "phone": "", "categories": [" VIP "]}], ENV
    )
    assert not errors
    assert clean == [{"ref": "C-9", "name": "Garage", "phone": False, "categories": ["VIP"]}]


def test_references_resolve_or_are_reported():
    rows = [
        {"ref": "C-1", "country_code": "fr", "salesperson_login": "rita", "team": "Lyon"},
        {"ref": "C-5", "name": "New", "country_code": "ZZ", "salesperson_login": "nobody"},
        {"ref": "C-6", "name": "Branch", "parent_ref": "C-5"},
        {"ref": "C-7", "name": "Orphan", "parent_ref": "C-404"},
        {"ref": "C-8", "name": "Sub-branch", "parent_ref": "C-1-BR"},
        {"ref": "C-9", "lang": "xx_XX"},
    ]
    plans, errors = upsert.resolve_rows(rows, FOUND, ENV)
    assert plans[0] == {
        "id": 10,
        "m2o": {"country_id": 75, "user_id": 7, "team_id": 3},
        "parent": None,
    }
    assert plans[2]["parent"] == "C-5"  # a row earlier in the same call
    assert messages(errors) == [
        "row 2 (ref C-5): country_code: unknown country code ZZ",
        "row 2 (ref C-5): salesperson_login: unknown salesperson login nobody",
        "row 4 (ref C-7): parent_ref: no customer with Customer ID C-404 (a parent sent in the "
        "same call must come before its branches)",
        "row 5 (ref C-8): parent_ref: C-1-BR is itself a branch",
        "row 6 (ref C-9): name: required to create a new customer",
        "row 6 (ref C-9): lang: language xx_XX is not installed",
    ]


def test_unchanged_values_give_no_write():
    current = {"name": "Garage", "phone": False, "discount_percent": 10.0}
    vals = {"name": "Garage", "phone": "", "discount_percent": 10.0000001}
    assert upsert.changed_vals(current, vals, {"discount_percent": 2}) == {}
    vals["discount_percent"] = 12.5
    assert upsert.changed_vals(current, vals, {"discount_percent": 2}) == {"discount_percent": 12.5}
