import json
import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

ZIP_RE = re.compile(r"^[0-9A-Z-]+\*?$")


def polygon_sql_literal(geometry):
    """The outer ring of a GeoJSON Polygon as a PostgreSQL polygon literal
    ``((lon,lat),...)``; None when there is no geometry. Raises ValueError on anything
    that is not a Polygon with at least three points."""
    if not geometry:
        return None
    data = json.loads(geometry)
    if data.get("type") == "Feature":
        data = data.get("geometry") or {}
    if data.get("type") != "Polygon" or not data.get("coordinates"):
        raise ValueError("not a GeoJSON Polygon")
    ring = data["coordinates"][0]
    points = [(float(lon), float(lat)) for lon, lat, *_rest in ring]
    if len({*points}) < 3:
        raise ValueError("a polygon needs at least three points")
    return "(" + ",".join(f"({lon!r},{lat!r})" for lon, lat in points) + ")"


def parse_zip_codes(text):
    """(exact codes, prefixes) from one code per line; a trailing * makes a prefix."""
    exact, prefixes = [], []
    for line in (text or "").splitlines():
        code = re.sub(r"\s+", "", line).upper()
        if not code:
            continue
        if not ZIP_RE.match(code):
            raise ValueError(code)
        if code.endswith("*"):
            prefixes.append(code[:-1])
        else:
            exact.append(code)
    return exact, prefixes


class WisepartsTerritory(models.Model):
    _name = "wiseparts.territory"
    _description = "Sales Territory"
    _inherit = ["mail.thread"]
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    sequence = fields.Integer(
        default=10, help="Where territories overlap, a customer belongs to the first one."
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        tracking=True,
        check_company=True,
        domain="[('share', '=', False)]",
    )
    team_id = fields.Many2one("crm.team", string="Sales Team", tracking=True, check_company=True)
    zip_codes = fields.Text(
        string="ZIP Codes",
        help="One per line; a trailing * makes a prefix (69* covers 69001, 69100...).",
    )
    geometry = fields.Text(help="The territory's area drawn on the map (a GeoJSON Polygon).")
    color = fields.Integer()
    assign_new_customers = fields.Boolean(
        string="Assign New Customers",
        help="The territory's salesperson (and team) become those of new customers located "
        "in it that have none.",
    )
    partner_ids = fields.One2many(
        "res.partner", "wiseparts_territory_id", string="Customers in the Territory"
    )
    partner_count = fields.Integer(string="Customers", compute="_compute_partner_count")

    def _compute_partner_count(self):
        counts = dict(
            self.env["res.partner"]._read_group(
                [("wiseparts_territory_id", "in", self.ids)],
                ["wiseparts_territory_id"],
                ["__count"],
            )
        )
        for territory in self:
            territory.partner_count = counts.get(territory, 0)

    @api.constrains("zip_codes", "geometry")
    def _check_zip_codes_and_geometry(self):
        for territory in self:
            try:
                parse_zip_codes(territory.zip_codes)
            except ValueError as error:
                raise ValidationError(
                    self.env._(
                        "Territory %(territory)s: %(code)s is not a ZIP code (letters, digits "
                        "and dashes, optionally ending with *).",
                        territory=territory.name,
                        code=error.args[0],
                    )
                ) from None
            try:
                polygon_sql_literal(territory.geometry)
            except (ValueError, TypeError, KeyError, AttributeError):
                raise ValidationError(
                    self.env._(
                        "Territory %(territory)s: its area must be a GeoJSON Polygon of at "
                        "least three points.",
                        territory=territory.name,
                    )
                ) from None

    @api.model_create_multi
    def create(self, vals_list):
        territories = super().create(vals_list)
        self.env["res.partner"]._wiseparts_assign_territories()
        return territories

    def write(self, vals):
        result = super().write(vals)
        if {"zip_codes", "geometry", "sequence", "active", "company_id"} & set(vals):
            self.env["res.partner"]._wiseparts_assign_territories()
        return result

    def unlink(self):
        result = super().unlink()
        self.env["res.partner"]._wiseparts_assign_territories()
        return result

    def action_view_customers(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "wiseparts_base.res_partner_action_customers"
        )
        action["domain"] = [("wiseparts_territory_id", "=", self.id)]
        action["context"] = {}
        return action

    @api.model
    def _territories_sql(self):
        """A VALUES table of the active territories, ``t(id, seq, company_id, poly, exact,
        prefixes)`` (sudo: the rule that places customers ignores the reader's rights)."""
        rows = []
        for territory in self.sudo().search([]):
            exact, prefixes = parse_zip_codes(territory.zip_codes)
            rows.append(
                SQL(
                    "(%s, %s, %s, %s::polygon, %s::varchar[], %s::varchar[])",
                    territory.id,
                    territory.sequence,
                    territory.company_id.id,
                    polygon_sql_literal(territory.geometry),
                    exact,
                    [prefix.replace("-", "\\-") + "%" for prefix in prefixes],
                )
            )
        if not rows:
            return None
        return SQL(
            "(VALUES %s) AS t(id, seq, company_id, poly, exact, prefixes)", SQL(", ").join(rows)
        )
