from datetime import date
from unittest.mock import patch

from psycopg2 import errors

from odoo import Command
from odoo.tests import tagged
from odoo.tools import SQL, mute_logger

from ..models import wiseparts_segment_type as segment_type_module
from .common import RUN, SegmentsCommon

SegmentType = segment_type_module.WisepartsSegmentType


@tagged("post_install", "-at_install")
class TestSegmentsBulkWrite(SegmentsCommon):
    """A run that inserts many assignments (the first run of a type) writes them without
    the foreign keys to our own tables and adds those back: same rows, same keys."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._invoices(
            [
                (cls.c1, date(2021, 1, 10), 500),
                (cls.branch1, date(2021, 2, 10), 300),
                (cls.c2, date(2021, 3, 1), 150),
                (cls.c3, date(2021, 6, 30), 50),
                (cls.c4, date(2021, 1, 5), 100),
                (cls.c4, date(2021, 2, 5), 150, "out_refund"),
            ]
        )

    def setUp(self):
        super().setUp()
        self._keys_before = self._keys()

    def _keys(self):
        """The foreign keys of the run's tables as PostgreSQL prints them."""
        return self.env.execute_query(
            SQL(
                """
            SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid),
                   c.convalidated
              FROM pg_constraint c
             WHERE c.contype = 'f' AND c.conrelid = ANY(%s::regclass[])
             ORDER BY 1, 2
            """,
                list(segment_type_module.RUN_TABLES),
            )
        )

    def _two_types(self):
        """Two identical types, each with a manual segment on a customer created after
        them (who got the default segment at creation, so the first run also updates)."""
        segments = [
            Command.create({"name": "A", "sales_percent": 80, "priority": 1}),
            Command.create({"name": "B", "sales_percent": 15, "priority": 2}),
            Command.create({"name": "C", "sales_percent": 5, "priority": 3}),
            Command.create({"name": "New", "is_default": True, "is_excluded": True}),
        ]
        usual = self._abc_type(name="Usual", segment_ids=segments)
        bulk = self._abc_type(name="Bulk", segment_ids=segments)
        self.newcomer = self.env["res.partner"].create({"name": "Newcomer", "is_company": True})
        self._invoices([(self.newcomer, date(2021, 5, 1), 20)])
        for segment_type in usual | bulk:
            assignment = self._assignment(segment_type, self.newcomer)
            self.assertEqual(assignment.segment_id.name, "New")
            assignment.manual_segment_id = self._segment(segment_type, "B")
        return usual, bulk

    def _rows(self, segment_type):
        assignments = self.env["wiseparts.segment.assignment"].search(
            [("type_id", "=", segment_type.id)]
        )
        history = self.env["wiseparts.segment.history"].search([("type_id", "=", segment_type.id)])
        return (
            {
                (
                    a.partner_id,
                    a.auto_segment_id.name,
                    a.manual_segment_id.name,
                    a.segment_id.name,
                    a.is_override,
                    a.eligible_amount,
                    a.last_purchase_date,
                )
                for a in assignments
            },
            sorted(
                (h.partner_id.id, h.segment_id.name, h.eligible_amount, h.run_id.run_date)
                for h in history
            ),
        )

    def _compute(self, segment_type, bulk):
        """Run the type, forcing the bulk write or the usual one; return whether the keys
        were dropped and added back."""
        with (
            patch.object(SegmentType, "_bulk_write_wanted", return_value=bulk),
            patch.object(
                SegmentType,
                "_execute_without_foreign_keys",
                autospec=True,
                side_effect=SegmentType._execute_without_foreign_keys,
            ) as without_keys,
        ):
            counts = segment_type.with_user(self.user_admin).compute_assignments(
                segment_type.ids, RUN
            )
        return counts, without_keys.called

    def test_bulk_write_same_rows_and_keys(self):
        keys = self._keys()
        self.assertEqual(len(keys), 8)  # 5 on the assignment, 3 on the history
        self.assertTrue(all(validated for *_key, validated in keys))
        usual, bulk = self._two_types()
        usual_counts, dropped = self._compute(usual, bulk=False)
        self.assertFalse(dropped)
        bulk_counts, dropped = self._compute(bulk, bulk=True)
        self.assertTrue(dropped, "the bulk write was used")
        self.assertEqual(bulk_counts, usual_counts)
        self.assertEqual(self._rows(bulk), self._rows(usual))
        # 800, 150, 50, 20 of 1020: A (before 0), A (78.4 %), B (93.1 %), C (98 %)
        expected = {
            self.c1: ("A", False, "A"),
            self.c2: ("A", False, "A"),
            self.c3: ("B", False, "B"),
            self.c4: ("New", False, "New"),
            self.newcomer: ("C", "B", "B"),
        }
        for partner, names in expected.items():
            assignment = self._assignment(bulk, partner)
            self.assertEqual(
                (
                    assignment.auto_segment_id.name,
                    assignment.manual_segment_id.name,
                    assignment.segment_id.name,
                ),
                names,
                partner.name,
            )
        history = self.env["wiseparts.segment.history"].search([("type_id", "=", bulk.id)])
        self.assertEqual(history.run_id, bulk.last_run_id)
        # a history row per customer whose segment changed: not the newcomer (B before)
        self.assertLessEqual(self.c1 | self.c2 | self.c3 | self.c4, history.partner_id)
        self.assertNotIn(self.newcomer, history.partner_id)
        # the same keys (names, columns, ON DELETE), validated, and they still refuse
        self.assertEqual(self._keys(), keys)
        assignment = self._assignment(bulk, self.c1)
        for table, column, row in [
            ("wiseparts_segment_assignment", "auto_segment_id", assignment.id),
            ("wiseparts_segment_assignment", "segment_id", assignment.id),
            ("wiseparts_segment_assignment", "type_id", assignment.id),
            ("wiseparts_segment_assignment", "partner_id", assignment.id),
            ("wiseparts_segment_history", "run_id", history[:1].id),
            ("wiseparts_segment_history", "segment_id", history[:1].id),
        ]:
            with (
                self.subTest(table=table, column=column),
                self.assertRaises(errors.ForeignKeyViolation),
                mute_logger("odoo.sql_db"),
                self.cr.savepoint(),
            ):
                self.cr.execute(
                    SQL(
                        "UPDATE %s SET %s = %s WHERE id = %s",
                        SQL.identifier(table),
                        SQL.identifier(column),
                        2**31 - 1,
                        row,
                    )
                )
        # and still act on delete: a deleted segment leaves the columns empty
        self.env.flush_all()
        self.cr.execute(
            SQL("DELETE FROM wiseparts_segment WHERE id = %s", self._segment(bulk, "A").id)
        )
        self.env.invalidate_all()
        self.assertFalse(self._assignment(bulk, self.c1).auto_segment_id)
        self.assertFalse(self._assignment(bulk, self.c1).segment_id)

    def test_busy_tables_write_the_usual_way(self):
        """Another transaction reads a table the bulk write must lock: the run waits no
        longer than BULK_LOCK_TIMEOUT for it and writes the usual way, same rows."""
        usual, bulk = self._two_types()
        self._compute(usual, bulk=False)
        lock_timeout = self.env.execute_query(SQL("SHOW lock_timeout"))
        with (
            self.env.registry.cursor() as other_cr,
            patch.object(segment_type_module, "BULK_LOCK_TIMEOUT", "100ms"),
            patch.object(
                segment_type_module._logger, "info", wraps=segment_type_module._logger.info
            ) as log_info,
        ):
            other_cr.execute("LOCK TABLE wiseparts_segment IN ACCESS SHARE MODE")
            _counts, tried = self._compute(bulk, bulk=True)
        self.assertTrue(tried)
        messages = [call.args[0] % call.args[1:] for call in log_info.call_args_list]
        self.assertIn(
            f"Segment type {bulk.id}: tables busy (55P03), writing with the foreign keys", messages
        )
        self.assertEqual(self._rows(bulk), self._rows(usual))
        self.assertEqual(self._keys(), self._keys_before)
        self.assertEqual(self.env.execute_query(SQL("SHOW lock_timeout")), lock_timeout)

    def test_bulk_write_switched_off(self):
        usual, bulk = self._two_types()
        self._compute(usual, bulk=False)
        self.env["ir.config_parameter"].sudo().set_param(
            segment_type_module.BULK_WRITE_PARAM, "off"
        )
        _counts, tried = self._compute(bulk, bulk=True)
        self.assertFalse(tried)
        self.assertEqual(self._rows(bulk), self._rows(usual))

    def test_bulk_write_only_for_big_first_runs(self):
        _usual, bulk = self._two_types()
        self.env.cr.execute("ANALYZE res_partner, wiseparts_segment_assignment")
        partners = self.env["res.partner"].with_context(active_test=False).search_count([])
        with patch.object(segment_type_module, "BULK_MIN_NEW_ROWS", partners + 1):
            self.assertFalse(bulk._bulk_write_wanted(), "too few customers")
        with patch.object(segment_type_module, "BULK_MIN_NEW_ROWS", partners // 2):
            self.assertTrue(bulk._bulk_write_wanted())
            with patch.object(segment_type_module, "BULK_SCAN_RATIO", 0):
                self.assertFalse(bulk._bulk_write_wanted(), "tables too big for the batch")
            self._compute(bulk, bulk=False)
            self.assertFalse(bulk._bulk_write_wanted(), "not the first run")
