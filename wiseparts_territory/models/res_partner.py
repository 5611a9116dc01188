from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, format_amount

from .wiseparts_territory import polygon_sql_literal

# map colours: the column that picks the colour, and the palette (Odoo's colour indexes 1-11)
COLOR_BY = {"salesperson": "user_id", "segment": "default_segment_id"}
PALETTE = [
    "#6b7280",
    "#f06050",
    "#f4a460",
    "#f7cd1f",
    "#6cc1ed",
    "#814968",
    "#eb7e7f",
    "#2c8397",
    "#475577",
    "#d6145f",
    "#30c381",
    "#9365b8",
]
NO_COLOR = "#9ca3af"
# the map page's grid clusters: cell size in pixels (Leaflet.markercluster's default radius),
# the zoom from which every customer is shown alone (as the map's disableClusteringAtZoom),
# the highest zoom of the first view, and Leaflet's Web Mercator latitude limit
MAP_CELL = 80
MAP_NO_CLUSTER_ZOOM = 15
MAP_FIT_MAX_ZOOM = 12
MAX_LATITUDE = 85.0511287798
DEFAULT_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
DEFAULT_ATTRIBUTION = "&copy; <a href='https://www.openstreetmap.org/copyright'>OpenStreetMap</a>"


def _mercator(latitude, longitude):
    """SQL of Leaflet's Web Mercator pixel coordinates (x, y) at zoom 0 (a 256-pixel world)
    of the SQL expressions ``latitude`` and ``longitude``."""
    return (
        SQL("(256 * (%s + 180) / 360.0)", longitude),
        SQL(
            "(256 * (0.5 - ln(tan(pi() / 4 + radians(LEAST(GREATEST(%s, -%s), %s)) / 2))"
            " / (2 * pi())))",
            latitude,
            MAX_LATITUDE,
            MAX_LATITUDE,
        ),
    )


def _cluster_rows(rows):
    """Rows of count, mean latitude and longitude, min id, min key and bounds as the map
    wants them: the id only for a single customer, coordinates rounded to 10 cm."""
    return [
        [count, round(lat, 6), round(lon, 6), pid if count == 1 else False, key or False, *bounds]
        for count, lat, lon, pid, key, *bounds in rows
    ]


class ResPartner(models.Model):
    _inherit = "res.partner"

    wiseparts_territory_id = fields.Many2one(
        "wiseparts.territory",
        string="Territory",
        index="btree_not_null",
        readonly=True,
        copy=False,
        help="The first territory (by sequence) whose area contains the customer's "
        "coordinates, else whose ZIP codes match its ZIP.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        partners._wiseparts_assign_territories(new=True)
        return partners

    def write(self, vals):
        result = super().write(vals)
        if {"zip", "partner_latitude", "partner_longitude", "company_id"} & set(vals):
            self._wiseparts_assign_territories()
        return result

    @api.model
    def _wiseparts_assign_territories(self, new=False):
        """Place ``self`` (every partner when empty) in its territory: one UPDATE. With
        ``new``, the territory's salesperson and team become those of new customers that
        have none when the territory says so."""
        if self and not self.ids:
            return
        Territory = self.env["wiseparts.territory"]
        self.flush_model(["zip", "partner_latitude", "partner_longitude", "company_id"])
        Territory.flush_model()
        territories = Territory._territories_sql()
        scope = SQL("p.id = ANY(%s)", self.ids) if self else SQL("TRUE")
        if territories is None:
            query = SQL(
                "UPDATE res_partner p SET wiseparts_territory_id = NULL "
                "WHERE %s AND p.wiseparts_territory_id IS NOT NULL RETURNING p.id",
                scope,
            )
        else:
            located = SQL(
                "p.partner_latitude IS NOT NULL AND p.partner_longitude IS NOT NULL "
                "AND (p.partner_latitude, p.partner_longitude) <> (0, 0)"
            )
            zip_sql = SQL("upper(regexp_replace(coalesce(p.zip, ''), '\\s', '', 'g'))")
            query = SQL(
                """
                UPDATE res_partner p
                   SET wiseparts_territory_id = found.territory_id
                  FROM (SELECT p.id,
                               COALESCE(
                                 (SELECT t.id FROM %(t)s
                                   WHERE t.poly IS NOT NULL AND %(located)s
                                     AND (p.company_id IS NULL OR t.company_id = p.company_id)
                                     AND t.poly @> point(p.partner_longitude, p.partner_latitude)
                                   ORDER BY t.seq, t.id LIMIT 1),
                                 (SELECT t.id FROM %(t)s
                                   WHERE %(zip)s <> ''
                                     AND (p.company_id IS NULL OR t.company_id = p.company_id)
                                     AND (%(zip)s = ANY(t.exact) OR %(zip)s LIKE ANY(t.prefixes))
                                   ORDER BY t.seq, t.id LIMIT 1)
                               ) AS territory_id
                          FROM res_partner p
                         WHERE %(scope)s) AS found
                 WHERE p.id = found.id
                   AND p.wiseparts_territory_id IS DISTINCT FROM found.territory_id
                RETURNING p.id
                """,
                t=territories,
                located=located,
                zip=zip_sql,
                scope=scope,
            )
        changed = self.browse(row[0] for row in self.env.execute_query(query))
        changed.invalidate_recordset(["wiseparts_territory_id"])
        changed.modified(["wiseparts_territory_id"])
        if new:
            self._wiseparts_assign_territory_salesperson()

    def _wiseparts_assign_territory_salesperson(self):
        to_assign = self.sudo().filtered(
            lambda p: (
                not p.user_id
                and not p.parent_id
                and p.wiseparts_territory_id.assign_new_customers
                and p.wiseparts_territory_id.user_id
            )
        )
        # sudo: assigning the territory's salesperson is the company's rule, not the user's
        for territory in to_assign.wiseparts_territory_id:
            partners = to_assign.filtered(lambda p, t=territory: p.wiseparts_territory_id == t)
            vals = {"user_id": territory.user_id.id}
            if territory.team_id:
                vals["team_id"] = territory.team_id.id
            partners.write(vals)

    @api.model
    def wiseparts_reassign(self, partner_ids, user_id, team_id=None):
        """Give the customers ``partner_ids`` to the salesperson ``user_id`` (and team):
        sales administrators for any customer, team leaders for the customers of their
        teams' members and to a member of their teams. Writes one chatter line per customer
        and moves their planned activities. Returns the number of customers changed."""
        if not isinstance(partner_ids, list | tuple) or not all(
            isinstance(pid, int) for pid in partner_ids
        ):
            raise UserError(self.env._("Reassign: partner_ids must be a list of ids."))
        if not isinstance(user_id, int) or (team_id is not None and not isinstance(team_id, int)):
            raise UserError(self.env._("Reassign: user_id and team_id must be ids."))
        partners = self.browse(partner_ids).exists()
        partners.check_access("read")
        user = self.env["res.users"].browse(user_id).exists()
        if not user or user.share:
            raise UserError(self.env._("Reassign: %(id)s is not an internal user.", id=user_id))
        team = self.env["crm.team"].browse(team_id).exists() if team_id else None
        if team_id and not team:
            raise UserError(self.env._("Reassign: team %(id)s does not exist.", id=team_id))
        self._wiseparts_check_reassign(partners, user, team)
        return partners._wiseparts_reassign(user, team)

    @api.model
    def _wiseparts_check_reassign(self, partners, user, team):
        if self.env["res.users"]._wiseparts_is_sales_admin():
            return
        led = self.env["crm.team"].sudo().search([("user_id", "=", self.env.uid)])
        members = led.member_ids | led.user_id
        if not led:
            raise AccessError(
                self.env._("Only sales administrators and team leaders reassign customers.")
            )
        if user not in members or (team and team not in led):
            raise AccessError(
                self.env._(
                    "%(user)s is not in a team you lead: ask a sales administrator.",
                    user=user.name,
                )
            )
        foreign = partners.sudo().filtered(lambda p: p.user_id and p.user_id not in members)
        if foreign:
            raise AccessError(
                self.env._(
                    "%(customer)s belongs to %(user)s, who is not in a team you lead.",
                    customer=foreign[0].display_name,
                    user=foreign[0].user_id.name,
                )
            )

    def _wiseparts_reassign(self, user, team=None):
        """Reassign without checks (callers check). sudo: salesperson changes are reserved to
        all-documents users by wiseparts_base; the callers checked the leader's rights."""
        partners = self.sudo().filtered(lambda p: p.user_id != user or (team and p.team_id != team))
        if not partners:
            return 0
        bodies = {
            partner.id: self.env._(
                "Salesperson: %(old)s → %(new)s",
                old=partner.user_id.name or self.env._("none"),
                new=user.name,
            )
            for partner in partners
        }
        planned = (
            self.env["wiseparts.activity"]
            .sudo()
            .search(
                [
                    ("commercial_partner_id", "in", partners.ids),
                    ("state", "=", "planned"),
                    ("user_id", "in", partners.user_id.ids),
                ]
            )
        )
        # only the activities the old salesperson of each customer was to do
        planned = planned.filtered(lambda a: a.user_id == a.commercial_partner_id.user_id)
        vals = {"user_id": user.id}
        if team:
            vals["team_id"] = team.id
        partners.with_context(wiseparts_reassign=True).write(vals)
        planned.write({"user_id": user.id})
        partners._message_log_batch(bodies)
        return len(partners)

    @api.model
    def wiseparts_map_points(self, domain=None, color_by="salesperson"):
        """Customers the user may read that match ``domain`` and have coordinates (for
        XML-RPC clients; the map page asks for clusters): {"points": [[id, latitude,
        longitude, color index], ...], "legend": [{"index", "label", "color"}, ...]}. One
        query, no record objects (50,000 customers)."""
        query, key_column = self._wiseparts_map_query(domain, color_by)
        alias = query.table
        rows = self.env.execute_query(
            query.select(
                SQL.identifier(alias, "id"),
                SQL.identifier(alias, "partner_latitude"),
                SQL.identifier(alias, "partner_longitude"),
                SQL.identifier(alias, key_column),
            )
        )
        keys = {row[3] for row in rows}
        legend, index_of = self._wiseparts_map_legend(color_by, keys)
        points = [[pid, lat, lon, index_of[key]] for pid, lat, lon, key in rows]
        return {"points": points, "legend": legend}

    @api.model
    def wiseparts_map_overview(self, domain=None, color_by="salesperson", width=1024, height=768):
        """What the map page shows first for ``domain``: {"count", "legend" (entries as in
        wiseparts_map_points plus the salesperson's or segment's "key"), "bounds" ([[south,
        west], [north, east]] of the customers, False when none), "zoom" (the highest zoom,
        at most MAP_FIT_MAX_ZOOM, at which they fit in ``width`` x ``height`` pixels, as
        Leaflet's fitBounds picks it), "clusters" (as wiseparts_map_clusters, at that zoom)}.
        One query: the customers are read once."""
        if not all(isinstance(v, int) and v > 0 for v in (width, height)):
            raise UserError(self.env._("Map: the width and height must be pixels (above 0)."))
        query, key_column = self._wiseparts_map_query(domain, color_by)
        located = self._wiseparts_map_located(query, key_column)
        west, north = _mercator(SQL("max(lat)"), SQL("min(lon)"))
        east, south = _mercator(SQL("min(lat)"), SQL("max(lon)"))
        # Leaflet's getBoundsZoom: the largest zoom where the pixel extent fits (LEAST skips
        # the NULL of an empty extent; one place: the highest zoom)
        fit_zoom = SQL(
            """LEAST(%(max)s, GREATEST(0, COALESCE(floor(ln(LEAST(
                   %(width)s / NULLIF(%(east)s - %(west)s, 0),
                   %(height)s / NULLIF(%(south)s - %(north)s, 0))) / ln(2)), %(max)s)))::int""",
            max=MAP_FIT_MAX_ZOOM,
            width=float(width),
            height=float(height),
            east=east,
            west=west,
            south=south,
            north=north,
        )
        cx, cy = self._wiseparts_map_cells(SQL("fit.zoom"))
        rows = self.env.execute_query(
            SQL(
                """WITH located AS MATERIALIZED (%(located)s),
                        fit AS (SELECT %(fit_zoom)s AS zoom FROM located)
                   SELECT count(*), avg(lat), avg(lon), min(id), min(key),
                          min(lat), min(lon), max(lat), max(lon), min(fit.zoom), FALSE
                     FROM located, fit
                 GROUP BY %(cx)s, %(cy)s
                UNION ALL
                   SELECT count(*), NULL, NULL, NULL, key, NULL, NULL, NULL, NULL, NULL, TRUE
                     FROM located
                 GROUP BY key""",
                located=located,
                fit_zoom=fit_zoom,
                cx=cx,
                cy=cy,
            )
        )
        keys = {row[4] for row in rows if row[10]}
        clusters = [row[:10] for row in rows if not row[10]]
        legend, index_of = self._wiseparts_map_legend(color_by, keys)
        for key, index in index_of.items():
            legend[index]["key"] = key or False
        if not clusters:
            return {"count": 0, "legend": legend, "bounds": False, "zoom": False, "clusters": []}
        return {
            "count": sum(row[0] for row in clusters),
            "legend": legend,
            "bounds": [
                [min(row[5] for row in clusters), min(row[6] for row in clusters)],
                [max(row[7] for row in clusters), max(row[8] for row in clusters)],
            ],
            "zoom": clusters[0][9],
            "clusters": _cluster_rows(row[:9] for row in clusters),
        }

    @api.model
    def wiseparts_map_clusters(self, domain=None, color_by="salesperson", zoom=6, pixels=None):
        """The customers of ``domain`` (as in wiseparts_map_points) grouped on a grid of
        MAP_CELL pixels at ``zoom`` (one group per customer from MAP_NO_CLUSTER_ZOOM on), in
        the cells that touch ``pixels`` = [x min, y min, x max, y max] (Leaflet's pixel bounds
        of the view at that zoom; every cell when empty): [[count, latitude, longitude,
        customer id, key, south, west, north, east], ...] with the mean position, and the
        customer's id (False for a group of several) and salesperson or segment (key).
        One query, whatever the number of customers."""
        if not isinstance(zoom, int) or not 0 <= zoom <= 24:
            raise UserError(self.env._("Map: the zoom must be a whole number from 0 to 24."))
        if pixels and (
            not isinstance(pixels, list)
            or len(pixels) != 4
            or not all(isinstance(v, int | float) for v in pixels)
        ):
            raise UserError(self.env._("Map: the view must be four pixel coordinates."))
        query, key_column = self._wiseparts_map_query(domain, color_by)
        cx, cy = self._wiseparts_map_cells(SQL("%s", zoom))
        where = SQL("TRUE")
        if pixels:
            x_min, y_min, x_max, y_max = (int(v // MAP_CELL) for v in pixels)
            # one cell more on each side: a cluster's icon overlaps its neighbours
            where = SQL(
                "%s BETWEEN %s AND %s AND %s BETWEEN %s AND %s",
                cx,
                x_min - 1,
                x_max + 1,
                cy,
                y_min - 1,
                y_max + 1,
            )
        group = SQL("%s, %s", cx, cy)
        if zoom >= MAP_NO_CLUSTER_ZOOM:
            group = SQL("id")
        rows = self.env.execute_query(
            SQL(
                """SELECT count(*), avg(lat), avg(lon), min(id), min(key),
                          min(lat), min(lon), max(lat), max(lon)
                     FROM (%s) AS located
                    WHERE %s
                 GROUP BY %s""",
                self._wiseparts_map_located(query, key_column),
                where,
                group,
            )
        )
        return _cluster_rows(rows)

    @api.model
    def _wiseparts_map_query(self, domain, color_by):
        """The query of the readable customers of ``domain`` that have coordinates, and the
        column that colours them."""
        if domain is None:
            domain = []
        if not isinstance(domain, list):
            raise UserError(self.env._("Map: the domain must be a list."))
        if color_by not in COLOR_BY:
            raise UserError(
                self.env._(
                    "Map: colour by %(value)s is not one of %(allowed)s.",
                    value=color_by,
                    allowed=", ".join(COLOR_BY),
                )
            )
        try:
            query = self._search(domain)
        except (ValueError, TypeError, KeyError, AssertionError) as error:
            raise UserError(self.env._("Map: invalid domain (%(error)s).", error=error)) from None
        alias = query.table
        query.add_where(
            SQL(
                "%(lat)s IS NOT NULL AND %(lon)s IS NOT NULL AND (%(lat)s, %(lon)s) <> (0, 0)",
                lat=SQL.identifier(alias, "partner_latitude"),
                lon=SQL.identifier(alias, "partner_longitude"),
            )
        )
        return query, COLOR_BY[color_by]

    @api.model
    def _wiseparts_map_located(self, query, key_column):
        """SELECT id, lat, lon, key of ``query``'s customers (coordinates as float8: the
        arithmetic of the cells is ten times faster than on numeric)."""
        alias = query.table
        return query.select(
            SQL.identifier(alias, "id"),
            SQL("%s::float8 AS lat", SQL.identifier(alias, "partner_latitude")),
            SQL("%s::float8 AS lon", SQL.identifier(alias, "partner_longitude")),
            SQL("%s AS key", SQL.identifier(alias, key_column)),
        )

    @api.model
    def _wiseparts_map_cells(self, zoom):
        """SQL of the grid cell (x, y) of columns lat and lon at the SQL expression ``zoom``:
        Leaflet's Web Mercator pixels divided by MAP_CELL."""
        scale = SQL("(power(2, %s) / %s)", zoom, MAP_CELL)
        x, y = _mercator(SQL("lat"), SQL("lon"))
        return SQL("floor(%s * %s)::int", scale, x), SQL("floor(%s * %s)::int", scale, y)

    @api.model
    def wiseparts_map_select(self, domain=None, geometry=None):
        """Ids of the readable customers of ``domain`` whose coordinates lie in
        ``geometry`` (a GeoJSON Polygon drawn on the map). One query."""
        try:
            polygon = polygon_sql_literal(geometry)
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            raise UserError(self.env._("Map: invalid area (%(error)s).", error=error)) from None
        if not polygon:
            return []
        query, _key = self._wiseparts_map_query(domain, "salesperson")
        alias = query.table
        query.add_where(
            SQL(
                "%s::polygon @> point(%s, %s)",
                polygon,
                SQL.identifier(alias, "partner_longitude"),
                SQL.identifier(alias, "partner_latitude"),
            )
        )
        return [row[0] for row in self.env.execute_query(query.select(SQL.identifier(alias, "id")))]

    @api.model
    def _wiseparts_map_legend(self, color_by, keys):
        """Legend entries sorted by label (the empty key last) and {key: index}."""
        ids = [key for key in keys if key]
        if color_by == "salesperson":
            # sudo: a salesperson's name is shown on every customer the user reads
            records = self.env["res.users"].sudo().browse(ids)
            labelled = sorted(((r.name, r.id, None) for r in records), key=lambda t: t[:2])
            empty = self.env._("No salesperson")
        else:
            records = self.env["wiseparts.segment"].sudo().browse(ids)
            labelled = sorted(
                ((r.display_name, r.id, r.color) for r in records), key=lambda t: t[:2]
            )
            empty = self.env._("No segment")
        legend, index_of = [], {}
        for index, (label, key, color) in enumerate(labelled):
            palette_index = color if color else index + 1
            legend.append(
                {"index": index, "label": label, "color": PALETTE[palette_index % len(PALETTE)]}
            )
            index_of[key] = index
        if None in keys or False in keys:
            index_of[None] = index_of[False] = len(legend)
            legend.append({"index": len(legend), "label": empty, "color": NO_COLOR})
        return legend, index_of

    @api.model
    def wiseparts_map_options(self):
        """What the map page needs besides the points: filter choices and the tile layer."""
        tile_url = self.env["ir.config_parameter"].sudo().get_param("leaflet.tile_url")
        if not tile_url or tile_url == "False":
            tile_url = DEFAULT_TILE_URL
        segments = self.env["wiseparts.segment"].search(
            [("type_id.is_default", "=", True), ("type_id.active", "=", True)]
        )
        users = self.env["res.users"].search([("share", "=", False)], order="name")
        territories = self.env["wiseparts.territory"].search(
            [("company_id", "in", self.env.companies.ids)]
        )
        return {
            "tile_url": tile_url,
            "attribution": self.env["ir.config_parameter"]
            .sudo()
            .get_param("leaflet.copyright", DEFAULT_ATTRIBUTION),
            "segments": [[s.id, s.display_name] for s in segments],
            "users": [[u.id, u.name] for u in users],
            "territories": [[t.id, t.name] for t in territories],
        }

    @api.model
    def wiseparts_map_popup(self, partner_id):
        """Name, segment, salesperson, last and next visit and net invoiced sales of the last
        12 months of a customer the user may read (as lines of label and value)."""
        if not isinstance(partner_id, int):
            raise UserError(self.env._("Map: partner_id must be an id."))
        partner = self.browse(partner_id)
        partner.check_access("read")
        date_from = fields.Date.context_today(self) - relativedelta(months=12)
        sales = (
            self.env["account.invoice.report"]._read_group(
                [
                    ("commercial_partner_id", "=", partner.commercial_partner_id.id),
                    ("state", "=", "posted"),
                    ("move_type", "in", ("out_invoice", "out_refund")),
                    ("invoice_date", ">=", date_from),
                ],
                [],
                ["price_subtotal:sum"],
            )[0][0]
            if self.env["account.invoice.report"].has_access("read")
            else False
        )
        return {
            "name": partner.display_name,
            "lines": [
                [self.env._("Segment"), partner.default_segment_id.display_name or ""],
                [self.env._("Salesperson"), partner.user_id.name or ""],
                [self.env._("Last visit"), fields.Date.to_string(partner.last_visit_date) or ""],
                [self.env._("Next visit"), fields.Date.to_string(partner.next_visit_date) or ""],
                [
                    self.env._("Sales (12 months)"),
                    format_amount(self.env, sales, self.env.company.currency_id)
                    if sales is not False
                    else "",
                ],
            ],
        }
