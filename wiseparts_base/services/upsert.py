"""Row checks and change detection of ``res.partner.wiseparts_upsert`` (no Odoo import).

Messages go through ``env._`` of the ``env`` given by the caller (Odoo's environment, so they
are translated in the user's language; any object with a ``_(text, **params)`` method in plain
tests).
"""

from dataclasses import dataclass

# Row keys copied as they are onto res.partner fields of the same name.
CHAR_KEYS = ("name", "email", "phone", "mobile", "street", "street2", "zip", "city", "vat", "lang")
FLOAT_KEYS = ("discount_percent", "partner_latitude", "partner_longitude")
SELECTIONS = {
    "customer_status": ("current", "potential"),
    "temperature": ("hot", "warm", "cold", "not_interested"),
}
REFERENCE_KEYS = ("country_code", "salesperson_login", "team", "parent_ref")
ALLOWED_KEYS = frozenset(
    ("ref", "categories", *CHAR_KEYS, *FLOAT_KEYS, *SELECTIONS, *REFERENCE_KEYS)
)
RANGES = {
    "discount_percent": (0.0, 100.0),
    "partner_latitude": (-90.0, 90.0),
    "partner_longitude": (-180.0, 180.0),
}
# Fields read once for every matched partner, to tell what a row would change.
PARTNER_FIELDS = [
    *CHAR_KEYS,
    *FLOAT_KEYS,
    *SELECTIONS,
    "ref",
    "country_id",
    "user_id",
    "team_id",
    "parent_id",
    "is_branch",
    "category_id",
    "customer_rank",
]
REFERENCE_FIELDS = {"country_code": "country_id", "salesperson_login": "user_id", "team": "team_id"}
M2O_FIELDS = tuple(REFERENCE_FIELDS.values())


@dataclass
class RowError:
    index: int  # 0-based position of the row in the call
    ref: object
    field: str
    reason: str

    def format(self):
        ref = self.ref if self.ref not in (None, False, "") else "?"
        return f"row {self.index + 1} (ref {ref}): {self.field}: {self.reason}"


def _is_number(value):
    return isinstance(value, int | float) and not isinstance(value, bool)


def check_value(key, value, env):
    """Return (clean value, None) or (None, reason) for one field of a row."""
    value = value.strip() if isinstance(value, str) else value
    if value is None or value == "":
        value = False
    if key not in ALLOWED_KEYS:
        return None, env._("unknown field")
    if key in CHAR_KEYS or key in REFERENCE_KEYS:
        if value is not False and not isinstance(value, str):
            return None, env._("must be text")
        if key == "name" and value is False:
            return None, env._("cannot be empty")
        return value, None
    if key in FLOAT_KEYS:
        value = value or 0.0
        if not _is_number(value):
            return None, env._("must be a number")
        low, high = RANGES[key]
        if not low <= value <= high:
            # Bounds as "0 to 100"; formatted outside _() so that the .pot export reads it.
            low, high = (f"{bound:g}" for bound in (low, high))
            return None, env._(
                "%(value)s is out of range (%(low)s to %(high)s)", value=value, low=low, high=high
            )
        return float(value), None
    if key in SELECTIONS:
        if value is False and key == "customer_status":
            return None, env._("cannot be empty")
        if value is not False and value not in SELECTIONS[key]:
            return None, env._(
                "%(value)s is not one of %(allowed)s",
                value=value,
                allowed=", ".join(SELECTIONS[key]),
            )
        return value, None
    # categories
    value = value or []
    if not isinstance(value, list | tuple) or not all(
        isinstance(name, str) and name.strip() for name in value
    ):
        return None, env._("must be a list of names")
    return [name.strip() for name in value], None


def check_rows(rows, env):
    """Return (clean rows, errors). Clean rows have stripped strings and False for empty;
    a field with a bad value is left out of its clean row (and reported)."""
    clean, errors, first_index = [], [], {}
    for index, row in enumerate(rows):
        if not isinstance(row, dict):
            errors.append(RowError(index, None, "row", env._("must be a dictionary of fields")))
            clean.append({})
            continue
        ref = row.get("ref")
        ref = str(ref) if _is_number(ref) else ref
        ref = ref.strip() if isinstance(ref, str) else ref
        if not ref or not isinstance(ref, str):
            errors.append(RowError(index, None, "ref", env._("required (the Customer ID)")))
            ref = None
        elif ref in first_index:
            reason = env._("also sent in row %(row)s", row=first_index[ref] + 1)
            errors.append(RowError(index, ref, "ref", reason))
        else:
            first_index[ref] = index
        out = {"ref": ref}
        for key, value in row.items():
            if key == "ref":
                continue
            value, reason = check_value(key, value, env)
            if reason:
                errors.append(RowError(index, ref, key, reason))
            else:
                out[key] = value
        clean.append(out)
    return clean, errors


def _resolve_reference(found, key, value, env):
    """(field, id, reason) for a reference to an existing country, user or team."""
    if key == "country_code":
        record_id = found["countries"].get(value.upper())
        return "country_id", record_id, env._("unknown country code %(code)s", code=value)
    if key == "salesperson_login":
        record_id = found["users"].get(value)
        return "user_id", record_id, env._("unknown salesperson login %(login)s", login=value)
    record_id = found["teams"].get(value)
    return "team_id", record_id, env._("unknown sales team %(team)s", team=value)


def resolve_rows(rows, found, env):
    """Match rows to existing partners and references to ids, without touching the database.

    ``found`` holds what one query per model returned: ``partners`` (ref -> list of
    ``(id, parent_id, is_branch)``), ``countries`` (code -> id), ``users`` (login -> id),
    ``teams`` (name -> id) and ``langs`` (installed codes).
    Returns (plans, errors); a plan per row: ``id`` of the existing partner (or None),
    ``m2o`` values, ``parent``: an existing partner id, or the ref of a row of this call.
    """
    plans, errors, earlier = [], [], {}
    for index, row in enumerate(rows):
        ref = row.get("ref")
        plan = {"id": None, "m2o": {}, "parent": None}
        plans.append(plan)
        if not ref:
            continue
        matches = found["partners"].get(ref, [])
        if len(matches) > 1:
            errors.append(
                RowError(index, ref, "ref", env._("several customers have this Customer ID"))
            )
        if matches:
            plan["id"] = matches[0][0]
        elif not row.get("name"):
            errors.append(RowError(index, ref, "name", env._("required to create a new customer")))
        for key in ("country_code", "salesperson_login", "team"):
            if key not in row:
                continue
            if not row[key]:
                plan["m2o"][REFERENCE_FIELDS[key]] = False
                continue
            fname, record_id, reason = _resolve_reference(found, key, row[key], env)
            if record_id is None:
                errors.append(RowError(index, ref, key, reason))
            plan["m2o"][fname] = record_id
        if row.get("lang") and row["lang"] not in found["langs"]:
            reason = env._("language %(lang)s is not installed", lang=row["lang"])
            errors.append(RowError(index, ref, "lang", reason))
        parent_ref = row.get("parent_ref")
        if parent_ref:
            plan["parent"], reason = _resolve_parent(found, ref, parent_ref, earlier, env)
            if reason:
                errors.append(RowError(index, ref, "parent_ref", reason))
        earlier.setdefault(ref, row)
    return plans, errors


def _resolve_parent(found, ref, parent_ref, earlier, env):
    """(parent, reason): an existing partner id or the ref of an earlier row."""
    if parent_ref == ref:
        return None, env._("a customer cannot be its own branch")
    existing = found["partners"].get(parent_ref, [])
    if parent_ref in earlier:
        parent_row = earlier[parent_ref]
        if parent_row.get("parent_ref") or (
            "parent_ref" not in parent_row and existing and existing[0][1] and existing[0][2]
        ):
            return None, env._("%(parent)s is itself a branch", parent=parent_ref)
        return parent_ref, None
    if existing:
        _id, parent_id, is_branch = existing[0]
        if parent_id and is_branch:
            return None, env._("%(parent)s is itself a branch", parent=parent_ref)
        return existing[0][0], None
    return None, env._(
        "no customer with Customer ID %(parent)s (a parent sent in the same call must come "
        "before its branches)",
        parent=parent_ref,
    )


def plain_vals(row):
    """res.partner values of the row's keys that map one-to-one onto fields."""
    return {
        key: value
        for key, value in row.items()
        if key in CHAR_KEYS or key in FLOAT_KEYS or key in SELECTIONS
    }


def changed_vals(current, vals, float_digits):
    """The part of ``vals`` that differs from ``current`` (plain values, ids for many2one)."""
    changed = {}
    for key, value in vals.items():
        old = current[key]
        if key in float_digits:
            if round(float(old or 0.0) - float(value or 0.0), float_digits[key]) != 0:
                changed[key] = value
        elif (old or False) != (value or False):
            changed[key] = value
    return changed
