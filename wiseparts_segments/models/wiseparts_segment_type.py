import logging
from datetime import timedelta
from decimal import Decimal

from psycopg2 import errors

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from ..services import segments as maths

_logger = logging.getLogger(__name__)

# first key of pg_try_advisory_xact_lock(int, int): "wiseparts segments"; second: the type id
LOCK_NAMESPACE = 0x5E6
VAT_SQL = "NULLIF(upper(regexp_replace(p.vat, '[^0-9A-Za-z]', '', 'g')), '')"
# tables a run writes; a run that inserts many rows writes them without their foreign keys
# and adds those back at once (see _execute_run_sql)
RUN_TABLES = ("wiseparts_segment_assignment", "wiseparts_segment_history")
# system parameter: "all" (default): a bulk write drops every foreign key of RUN_TABLES;
# "own": not those to res_partner (no lock on the customers, slower); "off": never
BULK_WRITE_PARAM = "wiseparts_segments.bulk_write"
# the bulk write is worth its DDL when the run inserts at least this many assignments...
BULK_MIN_NEW_ROWS = 2000
# ... and at least 1/BULK_SCAN_RATIO of the rows that re-adding the keys checks again
BULK_SCAN_RATIO = 8
# how long a run waits for the table locks of a bulk write before writing the usual way
BULK_LOCK_TIMEOUT = "1s"


class WisepartsSegmentType(models.Model):
    _name = "wiseparts.segment.type"
    _description = "Customer Segment Type"
    _inherit = ["mail.thread"]
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    kind = fields.Selection(
        [("abc", "ABC (share of sales)"), ("recency", "Recency (active / inactive / recovered)")],
        string="Method",
        required=True,
        default="abc",
        tracking=True,
    )
    identify_by = fields.Selection(
        [("partner", "Customer ID"), ("vat", "VAT number")],
        string="Type",
        required=True,
        default="partner",
        help="With VAT number, all customers sharing a (normalised) VAT number form one unit: "
        "their sales are summed and each of them gets the unit's segment.",
    )
    is_default = fields.Boolean(
        string="Default",
        tracking=True,
        help="The segment type shown in customer lists and kanban cards (one per company).",
    )
    shared = fields.Boolean(help="Visible to every company.")
    company_ids = fields.Many2many(
        "res.company",
        string="Branches",
        help="Only count the sales of these companies / branches (all when empty).",
    )
    brand_ids = fields.Many2many(
        "wiseparts.brand",
        string="Brands",
        help="Only count the sales of products of these brands (all when empty).",
    )
    min_net_sales = fields.Monetary(
        string="Minimum Net Sales",
        help="Customers below this amount are not classified (they get the default segment).",
    )
    period_months = fields.Integer(string="Period (Months)", default=12, required=True)
    interval = fields.Selection(
        [("rolling", "Rolling months"), ("fixed", "Fixed calendar years")],
        required=True,
        default="rolling",
    )
    notify = fields.Boolean(
        help="Notify the user who started an automatic assignment when it ends.",
    )
    active_days = fields.Integer(
        string="Active Window (Days)",
        default=90,
        help="Recency types: a customer who bought in the last N days is active.",
    )
    segment_ids = fields.One2many("wiseparts.segment", "type_id", string="Segments", copy=True)
    run_ids = fields.One2many("wiseparts.segment.run", "type_id", string="Runs")
    last_run_id = fields.Many2one("wiseparts.segment.run", compute="_compute_last_run_id")
    is_running = fields.Boolean(compute="_compute_last_run_id")
    assignment_count = fields.Integer(compute="_compute_assignment_count", string="Customers")
    pareto_data = fields.Json(compute="_compute_pareto_data")

    _sql_constraints = [
        (
            "period_months_positive",
            "CHECK(period_months > 0)",
            "The period of a segment type must be at least one month.",
        ),
        (
            "active_days_positive",
            "CHECK(active_days > 0)",
            "The active window of a segment type must be at least one day.",
        ),
    ]

    def _compute_last_run_id(self):
        runs = self.env["wiseparts.segment.run"].search(
            [("type_id", "in", self.ids)], order="id desc"
        )
        for segment_type in self:
            mine = runs.filtered(lambda r, t=segment_type: r.type_id == t)
            segment_type.last_run_id = mine[:1]
            segment_type.is_running = any(r.state in ("queued", "running") for r in mine)

    def _compute_assignment_count(self):
        counts = dict(
            self.env["wiseparts.segment.assignment"]._read_group(
                [("type_id", "in", self.ids), ("segment_id", "!=", False)],
                ["type_id"],
                ["__count"],
            )
        )
        for segment_type in self:
            segment_type.assignment_count = counts.get(segment_type, 0)

    def _compute_pareto_data(self):
        """Cumulative share of sales vs share of customers, at most ~200 points."""
        for segment_type in self:
            if not segment_type.id:
                segment_type.pareto_data = False
                continue
            self.env["wiseparts.segment.assignment"].flush_model()
            rows = self.env.execute_query(
                SQL(
                    """
                WITH r AS (
                    SELECT row_number() OVER w AS n,
                           SUM(eligible_amount) OVER w AS cum,
                           COUNT(*) OVER () AS cnt,
                           SUM(eligible_amount) OVER () AS total
                      FROM wiseparts_segment_assignment
                     WHERE type_id = %(type_id)s AND eligible_amount > 0
                    WINDOW w AS (ORDER BY eligible_amount DESC, partner_id
                                 ROWS UNBOUNDED PRECEDING)
                )
                SELECT round(n * 100.0 / cnt, 2)::float, round(cum * 100.0 / total, 2)::float
                  FROM r
                 WHERE n = 1 OR n = cnt OR mod(n, GREATEST(cnt / 200, 1)) = 0
                 ORDER BY n
                """,
                    type_id=segment_type.id,
                )
            )
            thresholds, acc = [], 0.0
            if segment_type.kind == "abc":
                for segment in segment_type.segment_ids.filtered(lambda s: not s.is_excluded):
                    acc += segment.sales_percent
                    thresholds.append({"name": segment.name, "value": round(acc, 2)})
            segment_type.pareto_data = {
                "points": [[0.0, 0.0], *[[x, y] for x, y in rows]],
                "thresholds": thresholds,
            }

    @api.constrains("kind", "segment_ids")
    def _check_segments(self):
        for segment_type in self:
            segments = segment_type.segment_ids.filtered(lambda s: not s.is_excluded)
            if segment_type.kind == "abc" and segments:
                total, ok = maths.check_thresholds(segments.mapped("sales_percent"))
                if not ok:
                    total = f"{float(total):g}"
                    raise ValidationError(
                        self.env._(
                            "The sales percentages of the segments of %(type)s must total exactly "
                            "100 (excluded segments left out); they total %(total)s.",
                            type=segment_type.display_name,
                            total=total,
                        )
                    )
            if segment_type.kind == "recency" and segment_type.segment_ids.filtered(
                lambda s: not s.recency_state and not s.is_default and not s.is_excluded
            ):
                raise ValidationError(
                    self.env._(
                        "Every segment of the recency type %(type)s needs a Recency State "
                        "(active, inactive or recovered), unless it is the default or excluded.",
                        type=segment_type.display_name,
                    )
                )
            if len(segment_type.segment_ids.filtered("is_default")) > 1:
                raise ValidationError(
                    self.env._(
                        "The segment type %(type)s can have only one default segment.",
                        type=segment_type.display_name,
                    )
                )

    @api.onchange("kind")
    def _onchange_kind(self):
        if not self.segment_ids or not self._origin.id:
            self.segment_ids = [Command.clear(), *self._default_segment_commands(self.kind)]

    @api.model
    def _default_segment_commands(self, kind):
        if kind == "recency":
            return [
                Command.create(
                    {
                        "name": self.env._("Active"),
                        "recency_state": "active",
                        "priority": 10,
                        "visit_every_days": 30,
                        "color": 10,
                    }
                ),
                Command.create(
                    {
                        "name": self.env._("Recovered"),
                        "recency_state": "recovered",
                        "priority": 20,
                        "visit_every_days": 30,
                        "color": 4,
                    }
                ),
                Command.create(
                    {
                        "name": self.env._("Inactive"),
                        "recency_state": "inactive",
                        "priority": 30,
                        "visit_every_days": 90,
                        "color": 1,
                    }
                ),
            ]
        return [
            Command.create(
                {
                    "name": "A",
                    "sales_percent": 80.0,
                    "priority": 10,
                    "visit_every_days": 14,
                    "color": 10,
                }
            ),
            Command.create(
                {
                    "name": "B",
                    "sales_percent": 15.0,
                    "priority": 20,
                    "visit_every_days": 30,
                    "color": 3,
                }
            ),
            Command.create(
                {
                    "name": "C",
                    "sales_percent": 5.0,
                    "priority": 30,
                    "visit_every_days": 90,
                    "color": 1,
                }
            ),
        ]

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        if "segment_ids" in fields_list and not res.get("segment_ids"):
            res["segment_ids"] = self._default_segment_commands(res.get("kind") or "abc")
        return res

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if "segment_ids" not in vals:
                vals["segment_ids"] = self._default_segment_commands(vals.get("kind") or "abc")
        # the thresholds are checked once all segments are written (see _check_segments)
        types = super(
            WisepartsSegmentType, self.with_context(wiseparts_defer_threshold_check=True)
        ).create(vals_list)
        types = types.with_env(self.env)
        types.filtered("is_default")._unset_other_defaults()
        return types

    def write(self, vals):
        res = super(
            WisepartsSegmentType, self.with_context(wiseparts_defer_threshold_check=True)
        ).write(vals)
        if vals.get("is_default"):
            self._unset_other_defaults()
        if "is_default" in vals or "active" in vals or "company_id" in vals:
            self.env["res.partner"]._refresh_default_segment()
        return res

    def _unset_other_defaults(self):
        """Exactly one default type per company: the last one marked wins."""
        for segment_type in self:
            others = self.search(
                [
                    ("id", "!=", segment_type.id),
                    ("company_id", "=", segment_type.company_id.id),
                    ("is_default", "=", True),
                ]
            )
            if others:
                others.write({"is_default": False})

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def _check_admin(self):
        if not self.env["res.users"]._wiseparts_is_sales_admin():
            raise AccessError(
                self.env._("Only a Sales administrator can run the automatic segment assignment.")
            )

    def action_auto_assign(self):
        """Queue a background run (button, with confirmation)."""
        self.ensure_one()
        self._check_admin()
        self.check_access("write")
        self._check_not_running()
        run = self.env["wiseparts.segment.run"].create(
            {
                "type_id": self.id,
                "run_date": fields.Date.context_today(self),
                "requested_by_id": self.env.uid,
            }
        )
        self.env.ref("wiseparts_segments.ir_cron_segment_runs")._trigger()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "message": self.env._(
                    "The automatic assignment of %(type)s runs in the background (%(run)s).",
                    type=self.display_name,
                    run=run.display_name,
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _check_not_running(self):
        queued = (
            self.env["wiseparts.segment.run"]
            .sudo()
            .search([("type_id", "in", self.ids), ("state", "in", ("queued", "running"))], limit=1)
        )
        if queued or not self._try_lock():
            segment_type = queued.type_id or self
            raise UserError(
                self.env._(
                    "An automatic assignment of %(type)s is already queued or running; "
                    "wait until it ends.",
                    type=segment_type[:1].display_name,
                )
            )

    def _check_lock(self):
        if not self._try_lock():
            raise UserError(
                self.env._(
                    "An automatic assignment of %(type)s is already running; wait until it ends.",
                    type=self.display_name,
                )
            )

    def _try_lock(self):
        """Transaction-scoped advisory lock of each type (held by a running assignment)."""
        for segment_type in self:
            locked = self.env.execute_query(
                SQL("SELECT pg_try_advisory_xact_lock(%s, %s)", LOCK_NAMESPACE, segment_type.id)
            )[0][0]
            if not locked:
                return False
        return True

    def action_clear_manual(self):
        """Remove every manual segment of the type (button, with confirmation)."""
        self.ensure_one()
        self._check_admin()
        assignments = self.env["wiseparts.segment.assignment"].search(
            [("type_id", "=", self.id), ("manual_segment_id", "!=", False)]
        )
        assignments.write({"manual_segment_id": False})
        self.message_post(
            body=self.env._("%(count)s manual segments cleared.", count=len(assignments))
        )
        return True

    def action_view_assignments(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "wiseparts_segments.wiseparts_segment_assignment_action"
        )
        action["domain"] = [("type_id", "=", self.id)]
        action["context"] = {"default_type_id": self.id, "search_default_groupby_segment": 1}
        return action

    def action_export_xlsx(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/wiseparts_segments/xlsx/{self.id}",
            "target": "download",
        }

    # ------------------------------------------------------------------
    # Computation
    # ------------------------------------------------------------------
    @api.model
    def compute_assignments(self, type_ids, run_date=None):
        """Compute the segments of the given types now; return {segment name: customers}.

        Public (XML-RPC / JSON-RPC): sales administrators only. ``run_date`` defaults to
        today (a date or 'YYYY-MM-DD'). Counts are of customers per effective segment
        (manual segments win), summed by name over the given types; segments without
        customers are listed with 0.
        """
        self._check_admin()
        if isinstance(type_ids, int):
            type_ids = [type_ids]
        if not isinstance(type_ids, list | tuple) or not all(isinstance(i, int) for i in type_ids):
            raise UserError(self.env._("compute_assignments expects a list of segment type ids."))
        types = self.browse(type_ids).exists()
        if len(types) != len(set(type_ids)):
            raise UserError(
                self.env._(
                    "Segment types %(ids)s do not exist.",
                    ids=sorted(set(type_ids) - set(types.ids)),
                )
            )
        types.check_access("write")
        try:
            run_date = fields.Date.to_date(run_date) or fields.Date.context_today(self)
        except ValueError as e:
            raise UserError(
                self.env._("Invalid run date %(date)s: use YYYY-MM-DD.", date=run_date)
            ) from e
        result = {}
        for segment_type in types:
            segment_type._check_lock()
            run = self.env["wiseparts.segment.run"].create(
                {
                    "type_id": segment_type.id,
                    "run_date": run_date,
                    "requested_by_id": self.env.uid,
                    "state": "running",
                }
            )
            for name, count in segment_type._compute_now(run).items():
                result[name] = result.get(name, 0) + count
        return result

    def _compute_now(self, run):
        """One run of one type: lock, one SQL statement, refresh the partners' badge."""
        self.ensure_one()
        self._check_lock()
        self.env.flush_all()
        started = fields.Datetime.now()
        rows = self._execute_run_sql(self._assignment_sql(run))
        if self.is_default:
            self.env["res.partner"]._refresh_default_segment()
        self.env["wiseparts.segment.assignment"].invalidate_model()
        self.env["wiseparts.segment.history"].invalidate_model()
        self.env["res.partner"].invalidate_model(["default_segment_id"])
        by_segment = dict(rows)
        counts = {segment.name: by_segment.get(segment.id, 0) for segment in self.segment_ids}
        run.write(
            {
                "state": "done",
                "started_at": started,
                "finished_at": fields.Datetime.now(),
                "customer_count": sum(count for seg, count in rows if seg),
                "result": counts,
            }
        )
        _logger.info("Segment type %s computed for %s: %s", self.id, run.run_date, counts)
        return counts

    def _execute_run_sql(self, query):
        """Execute the statement of a run; a run that inserts many assignments (the first
        run of a type) writes them without the foreign keys checked row by row.

        PostgreSQL checks a foreign key by one trigger query per written row; adding the
        key after the rows are in checks them all in one join ("Populating a Database" in
        PostgreSQL's manual). So, inside a savepoint of the run's transaction, the foreign
        keys of the assignment and history tables are dropped, the statement runs, and they
        are added back with the names and definitions read from pg_constraint before
        (Odoo's registry finds them unchanged). Any error rolls the savepoint, hence the
        keys, back; the transaction never ends without them.

        Locks, held until the run's transaction ends (PostgreSQL locks both tables of a
        dropped key): ACCESS EXCLUSIVE on the assignment and history tables and on the
        segment type, segment and run tables (about as long as the run itself; the first run
        of a type is rare and queued to the cron). By default (BULK_WRITE_PARAM "own") the
        keys to res_partner stay, so contacts are never locked; "all" drops them too (faster,
        but every request reading contacts waits for the run), "off" never writes this way.
        When the locks are not granted within BULK_LOCK_TIMEOUT (another run, a long
        report, a deadlock), the run writes the usual way, with the keys.
        """
        self.ensure_one()
        mode = self.env["ir.config_parameter"].sudo().get_param(BULK_WRITE_PARAM, "own")
        if mode in ("all", "own") and self._bulk_write_wanted():
            try:
                with self.env.cr.savepoint(flush=False):
                    return self._execute_without_foreign_keys(
                        query, keep_keys_to=("res_partner",) if mode == "own" else ()
                    )
            # ObjectInUse: a table has pending trigger events in this transaction
            except (errors.LockNotAvailable, errors.DeadlockDetected, errors.ObjectInUse) as e:
                _logger.info(
                    "Segment type %s: tables busy (%s), writing with the foreign keys",
                    self.id,
                    e.pgcode,
                )
        return self.env.execute_query(query)

    def _bulk_write_wanted(self):
        """Whether the run is the first of the type (no run done before) and inserts at
        least BULK_MIN_NEW_ROWS assignments and 1/BULK_SCAN_RATIO of the rows that adding
        the foreign keys back scans (the whole assignment and history tables). Estimated
        from PostgreSQL's statistics (no scan): the new assignments as the partners less
        the assignments of the type (customers created after the type have their default
        segment already)."""
        self.ensure_one()
        done = (
            self.env["wiseparts.segment.run"]
            .sudo()
            .search_count([("type_id", "=", self.id), ("state", "=", "done")], limit=1)
        )
        if done:
            return False
        self.env["wiseparts.segment.assignment"].flush_model()
        new_rows, table_rows = self.env.execute_query(
            SQL(
                """
            SELECT (SELECT GREATEST(reltuples, 0) FROM pg_class
                     WHERE oid = 'res_partner'::regclass)
                 - (SELECT COUNT(*) FROM wiseparts_segment_assignment WHERE type_id = %s),
                   (SELECT SUM(GREATEST(reltuples, 0)) FROM pg_class
                     WHERE oid = ANY(%s::regclass[]))
            """,
                self.id,
                list(RUN_TABLES),
            )
        )[0]
        return new_rows >= BULK_MIN_NEW_ROWS and new_rows * BULK_SCAN_RATIO >= (table_rows or 0)

    def _execute_without_foreign_keys(self, query, keep_keys_to=()):
        """Drop the foreign keys of the run's tables (but those to the ``keep_keys_to``
        tables), execute ``query``, add them back identical (one validating join per key);
        call inside a savepoint."""
        cr = self.env.cr
        keys = self.env.execute_query(
            SQL(
                """
            SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid),
                   current_setting('lock_timeout')
              FROM pg_constraint c
             WHERE c.contype = 'f' AND c.conrelid = ANY(%s::regclass[])
               AND c.confrelid <> ALL(%s::regclass[])
             ORDER BY c.conrelid::regclass::text, c.conname
            """,
                list(RUN_TABLES),
                list(keep_keys_to),
            )
        )
        if not keys:
            return self.env.execute_query(query)
        tables = sorted({table for table, _name, _definition, _timeout in keys})
        cr.execute(SQL("SELECT set_config('lock_timeout', %s, TRUE)", BULK_LOCK_TIMEOUT))
        for table in tables:
            cr.execute(
                SQL(
                    "ALTER TABLE %s %s",
                    SQL.identifier(table),
                    SQL(", ").join(
                        SQL("DROP CONSTRAINT %s", SQL.identifier(name))
                        for key_table, name, _definition, _timeout in keys
                        if key_table == table
                    ),
                ),
                log_exceptions=False,  # tables busy: the caller writes the usual way
            )
        cr.execute(SQL("SELECT set_config('lock_timeout', %s, TRUE)", keys[0][3]))
        rows = self.env.execute_query(query)
        for table in tables:
            cr.execute(
                SQL(
                    "ALTER TABLE %s %s",
                    SQL.identifier(table),
                    SQL(", ").join(
                        # the definition as PostgreSQL prints it (catalog text, not input)
                        SQL("ADD CONSTRAINT %s %s", SQL.identifier(name), SQL(definition))
                        for key_table, name, definition, _timeout in keys
                        if key_table == table
                    ),
                )
            )
        return rows

    def _run_company_ids(self, run):
        """Ids of the companies whose invoices (and customers) a run of the type reads.

        The type's Branches (``company_ids``), else its company; for a run requested by a
        user, only those among the user's companies (a scheduled run reads them all).
        """
        self.ensure_one()
        companies = self.company_ids or self.company_id
        if run.requested_by_id:
            companies &= run.requested_by_id.sudo().company_ids
        if not companies:
            raise UserError(
                self.env._(
                    "%(user)s may read none of the companies of the segment type %(type)s "
                    "(Company, Branches): nothing to compute.",
                    user=run.requested_by_id.name,
                    type=self.display_name,
                )
            )
        return companies.ids

    def _eligible_lines_sql(self, first, last, move_types, company_ids):
        """FROM/WHERE of the eligible product lines of posted customer invoices/credit notes."""
        joins = [SQL("JOIN account_move am ON am.id = aml.move_id")]
        wheres = [
            SQL("aml.parent_state = 'posted'"),
            SQL("aml.display_type = 'product'"),
            SQL("aml.company_id = ANY(%s)", company_ids),
            SQL("am.move_type IN %s", tuple(move_types)),
            SQL("am.invoice_date <= %s", last),
        ]
        if first:
            wheres.append(SQL("am.invoice_date >= %s", first))
        if self.brand_ids:
            joins.append(
                SQL(
                    "JOIN product_product pp ON pp.id = aml.product_id "
                    "JOIN product_template pt ON pt.id = pp.product_tmpl_id"
                )
            )
            wheres.append(SQL("pt.brand_id = ANY(%s)", self.brand_ids.ids))
        return SQL(
            "FROM account_move_line aml %s WHERE %s",
            SQL(" ").join(joins),
            SQL(" AND ").join(wheres),
        )

    def _classify_sql(self, run_date, default, company_ids):
        """SELECT unit, amount, last_date, segment_id FROM unit: the rule of the type's kind.

        ABC: units with amount > 0 and >= the minimum are walked by amount (ties: lowest
        partner id); a unit gets the first segment (priority order, excluded ones left out)
        whose cumulative threshold is strictly greater than the share of sales BEFORE it.
        Recency: active / recovered / inactive from the invoice dates of the unit.
        Everything else gets the default segment (or none).
        """
        default = SQL("%s::int4", default)
        if self.kind == "abc":
            # amount DESC puts every ranked unit (amount > 0 and >= minimum) before the others
            ranked = SQL("amount > 0 AND amount >= %s", self.min_net_sales or 0.0)
            walk, cumulative = [], Decimal(0)
            for segment in self.segment_ids.filtered(lambda s: not s.is_excluded):
                cumulative += Decimal(str(segment.sales_percent))
                walk.append(SQL("WHEN before * 100 < %s * total THEN %s", cumulative, segment.id))
            segment_case = (
                SQL("CASE %s ELSE %s END", SQL(" ").join(walk), default) if walk else default
            )
            return SQL(
                """
                SELECT unit, amount, last_date,
                       CASE WHEN %(ranked)s THEN %(walk)s ELSE %(default)s END AS segment_id
                  FROM (SELECT unit, amount, last_date,
                               SUM(amount) OVER (ORDER BY amount DESC, unit
                                                 ROWS UNBOUNDED PRECEDING) - amount AS before,
                               SUM(amount) FILTER (WHERE %(ranked)s) OVER () AS total
                          FROM unit) w
                """,
                ranked=ranked,
                walk=segment_case,
                default=default,
            )
        states = {
            segment.recency_state: segment.id
            for segment in self.segment_ids.filtered(
                lambda s: s.recency_state and not s.is_excluded
            )
        }
        window_start = run_date - timedelta(days=self.active_days)
        minimum = self.min_net_sales or 0.0
        return SQL(
            """
            SELECT u.unit, u.amount, u.last_date,
                   COALESCE(CASE WHEN %(minimum)s <= 0 OR u.amount >= %(minimum)s THEN
                                CASE WHEN up.first_in IS NOT NULL THEN
                                         CASE WHEN up.first_in - up.prev > %(days)s
                                              THEN %(recovered)s ELSE %(active)s END
                                     WHEN up.prev IS NOT NULL THEN %(inactive)s END
                            END, %(default)s) AS segment_id
              FROM unit u
              LEFT JOIN (
                    SELECT pa.unit, MIN(pu.first_in) AS first_in, MAX(pu.prev) AS prev
                      FROM (SELECT am.commercial_partner_id AS partner_id,
                                   MIN(am.invoice_date) FILTER (WHERE am.invoice_date > %(start)s)
                                       AS first_in,
                                   MAX(am.invoice_date) FILTER (WHERE am.invoice_date <= %(start)s)
                                       AS prev
                              %(lines)s
                             GROUP BY am.commercial_partner_id) pu
                      JOIN partner pa ON pa.id = pu.partner_id
                     GROUP BY pa.unit
              ) up ON up.unit = u.unit
            """,
            minimum=minimum,
            days=self.active_days,
            start=window_start,
            active=SQL("%s::int4", states.get("active")),
            recovered=SQL("%s::int4", states.get("recovered")),
            inactive=SQL("%s::int4", states.get("inactive")),
            default=default,
            lines=self._eligible_lines_sql(None, run_date, ("out_invoice",), company_ids),
        )

    def _assignment_sql(self, run):
        """The whole run as ONE statement (one snapshot): classify, upsert, history.

        Reads the invoices of ``_run_company_ids`` and the commercial partners that are shared
        or of those companies (a shared type: shared partners only). A history row is
        written for each customer whose effective segment changed (a new customer with a
        segment included): the migration report needs nothing else.
        Returns rows (effective segment id, customers).
        """
        self.ensure_one()
        run_date = run.run_date
        company_ids = self._run_company_ids(run)
        first, last = maths.period_bounds(run_date, self.period_months, self.interval)
        default = self.segment_ids.filtered(lambda s: s.is_default)[:1].id or None
        if self.shared:
            partner_scope = SQL("p.company_id IS NULL")
        else:
            partner_scope = SQL("(p.company_id IS NULL OR p.company_id = ANY(%s))", company_ids)
        if self.identify_by == "vat":
            # a unit is identified by its lowest partner id (also the tie-breaker)
            unit = SQL(
                "CASE WHEN %(vat)s IS NULL THEN p.id "
                "ELSE MIN(p.id) OVER (PARTITION BY %(vat)s) END",
                vat=SQL(VAT_SQL),  # constant SQL text, no user input
            )
            units = SQL(
                """
                SELECT pa.unit, COALESCE(SUM(s.amount), 0) AS amount, MAX(s.last_date) AS last_date
                  FROM partner pa LEFT JOIN sales s ON s.partner_id = pa.id
                 GROUP BY pa.unit
                """
            )
            # every partner gets its unit's classification
            members = SQL(
                "(SELECT pa.id AS partner_id, c.* FROM partner pa "
                "JOIN classified c ON c.unit = pa.unit) c"
            )
        else:
            unit = SQL("p.id")
            units = SQL(
                """
                SELECT pa.unit, COALESCE(s.amount, 0) AS amount, s.last_date
                  FROM partner pa LEFT JOIN sales s ON s.partner_id = pa.id
                """
            )
            # one unit per partner, named by its id: no join back to the partners
            members = SQL("(SELECT c.unit AS partner_id, c.* FROM classified c) c")
        return SQL(
            """
            WITH sales AS (
                SELECT am.commercial_partner_id AS partner_id, SUM(-aml.balance) AS amount,
                       MAX(am.invoice_date) FILTER (WHERE am.move_type = 'out_invoice')
                           AS last_date
                  %(lines)s
                 GROUP BY am.commercial_partner_id
            ),
            partner AS (
                SELECT p.id, %(unit)s AS unit
                  FROM res_partner p
                 WHERE p.id = p.commercial_partner_id AND %(partner_scope)s
                   AND (p.id IN (SELECT commercial_partner_id FROM res_partner
                                  WHERE customer_rank > 0 AND active)
                        OR p.id IN (SELECT partner_id FROM sales)
                        OR p.id IN (SELECT partner_id FROM wiseparts_segment_assignment
                                     WHERE type_id = %(type_id)s))
            ),
            unit AS (%(units)s),
            classified AS (%(classify)s),
            new AS (
                SELECT c.partner_id, c.segment_id AS auto_segment_id, c.amount,
                       c.last_date, COALESCE(o.manual_segment_id, c.segment_id) AS segment_id,
                       o.id AS old_id, o.segment_id AS old_segment_id
                  FROM %(members)s
                  LEFT JOIN wiseparts_segment_assignment o
                         ON o.type_id = %(type_id)s AND o.partner_id = c.partner_id
            ),
            inserted AS (
                INSERT INTO wiseparts_segment_assignment
                       (partner_id, type_id, auto_segment_id, segment_id, is_override,
                        eligible_amount, last_purchase_date, computed_at)
                SELECT partner_id, %(type_id)s, auto_segment_id, auto_segment_id, FALSE,
                       amount, last_date, %(now)s
                  FROM new
                 WHERE old_id IS NULL
                 ORDER BY partner_id  -- the indexes on partner_id fill in order
                RETURNING segment_id
            ),
            updated AS (
                UPDATE wiseparts_segment_assignment a
                   SET auto_segment_id = n.auto_segment_id,
                       segment_id = COALESCE(a.manual_segment_id, n.auto_segment_id),
                       is_override = a.manual_segment_id IS NOT NULL
                           AND a.manual_segment_id IS DISTINCT FROM n.auto_segment_id,
                       eligible_amount = n.amount,
                       last_purchase_date = n.last_date,
                       computed_at = %(now)s
                  FROM new n
                 WHERE a.id = n.old_id
                RETURNING a.segment_id
            ),
            history AS (
                INSERT INTO wiseparts_segment_history
                       (run_id, partner_id, segment_id, eligible_amount)
                SELECT %(run_id)s, partner_id, segment_id, amount
                  FROM new
                 WHERE segment_id IS DISTINCT FROM old_segment_id
            ),
            out_of_scope AS (
                DELETE FROM wiseparts_segment_assignment o
                 WHERE o.type_id = %(type_id)s AND o.partner_id NOT IN (SELECT id FROM partner)
            )
            SELECT segment_id, COUNT(*)
              FROM (SELECT segment_id FROM inserted UNION ALL SELECT segment_id FROM updated) w
             GROUP BY segment_id
            """,
            lines=self._eligible_lines_sql(first, last, ("out_invoice", "out_refund"), company_ids),
            unit=unit,
            partner_scope=partner_scope,
            units=units,
            members=members,
            classify=self._classify_sql(run_date, default, company_ids),
            type_id=self.id,
            run_id=run.id,
            now=fields.Datetime.now(),
        )

    # ------------------------------------------------------------------
    # Background runs
    # ------------------------------------------------------------------
    @api.model
    def _cron_process_runs(self):
        """Process the oldest queued run; one run per batch, progress to ir.cron."""
        Run = self.env["wiseparts.segment.run"]
        runs = Run.search([("state", "=", "queued")], order="id")
        if not runs:
            return
        run = runs[0]
        segment_type = run.type_id
        try:
            with self.env.cr.savepoint():
                run.write({"state": "running"})
                segment_type.with_user(run.requested_by_id or self.env.user).with_context(
                    allowed_company_ids=[segment_type.company_id.id]
                ).sudo()._compute_now(run)
        except Exception as e:  # the run records why it failed
            _logger.exception("Segment run %s failed", run.id)
            run.write({"state": "failed", "error": str(e), "finished_at": fields.Datetime.now()})
        run._notify_requester()
        self.env["ir.cron"]._notify_progress(done=1, remaining=len(runs) - 1)

    @api.model
    def _cron_monthly(self):
        """Scheduled monthly run: queue a run of every active type."""
        types = self.search([("active", "=", True)])
        today = fields.Date.context_today(self)
        self.env["wiseparts.segment.run"].create(
            [{"type_id": t.id, "run_date": today} for t in types if not t.is_running]
        )
        self.env.ref("wiseparts_segments.ir_cron_segment_runs")._trigger()
