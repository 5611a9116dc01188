from datetime import datetime
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged, users
from odoo.tools import SQL

from odoo.addons.base.models.ir_mail_server import IrMailServer

from .common import QuickOrderCommon


def tables_containing(env, needle):
    """Names of the database tables having a row whose text contains `needle`."""
    env.flush_all()
    env.cr.execute(
        """
        SELECT table_name FROM information_schema.tables
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
        """
    )
    found = []
    for (table,) in env.cr.fetchall():
        env.cr.execute(
            SQL(
                "SELECT 1 FROM %s AS t WHERE strpos(t::text, %s) > 0 LIMIT 1",
                SQL.identifier(table),
                needle,
            )
        )
        if env.cr.fetchone():
            found.append(table)
    return found


@tagged("post_install", "-at_install")
class TestQuickOrderLinkSecurity(QuickOrderCommon):
    def _share(self, action, user=None):
        return (
            self.env[action["res_model"]]
            .with_user(user or self.user_rep)
            .with_context(**action.get("context", {}))
            .browse(action["res_id"])
        )

    @staticmethod
    def _secret(url):
        return url.rsplit("/", 1)[1]

    # ------------------------------------------------------------------
    # Item 5: the secret is never stored
    # ------------------------------------------------------------------
    def test_secret_is_in_no_table(self):
        """Issuing (button, API), showing, emailing and regenerating leave no secret behind."""
        action = self.customer.with_user(self.user_rep).action_generate_quick_order_link()
        share = self._share(action)
        secret = self._secret(share.url)
        self.assertEqual(tables_containing(self.env, secret), [], "issued and shown")
        with patch.object(
            IrMailServer, "build_email", autospec=True, side_effect=IrMailServer.build_email
        ) as build_email:
            share.action_send_email()
        self.assertEqual(build_email.call_count, 1)
        self.assertIn(share.url, build_email.call_args.kwargs["body"])
        self.assertEqual(build_email.call_args.kwargs["email_to"], [self.customer.email_formatted])
        self.assertEqual(tables_containing(self.env, secret), [], "emailed")
        link = share.link_id
        self.assertIn("Link emailed to", link.message_ids[0].body)
        self.assertIn("garage@example.com", link.message_ids[0].body)
        self.assertFalse(self.env["mail.mail"].search([("model", "=", link._name)]))
        action = link.with_user(self.user_rep).action_regenerate()
        secret = self._secret(self._share(action).url)
        self.assertEqual(tables_containing(self.env, secret), [], "regenerated")
        Link = self.env["wiseparts.quick.order.link"].with_user(self.user_rep)
        secret = self._secret(Link.create_for_partner(self.branch.id)["url"])
        self.assertEqual(tables_containing(self.env, secret), [], "create_for_partner")
        # The hash is what the database keeps (and a scan does find what is there).
        token_hash = link.sudo().token_hash
        self.assertIn("wiseparts_quick_order_link", tables_containing(self.env, token_hash))

    def test_email_not_sent_keeps_nothing(self):
        action = self.customer.with_user(self.user_rep).action_generate_quick_order_link()
        share = self._share(action)
        secret = self._secret(share.url)
        # assertRaises rolls back to a savepoint, as the UserError rolls back the request.
        with (
            patch.object(IrMailServer, "connect", side_effect=OSError("Connection refused")),
            self.assertRaises(UserError) as caught,
        ):
            share.action_send_email()
        self.assertIn("could not be sent: Connection refused", str(caught.exception))
        self.assertEqual(tables_containing(self.env, secret), [])
        self.assertNotIn("Link emailed", "".join(share.link_id.message_ids.mapped("body")))

    def test_share_url_only_with_the_link_secret(self):
        action = self.customer.with_user(self.user_rep).action_generate_quick_order_link()
        share = self._share(action)
        self.assertTrue(share.url)
        # Reopened without the dialog's context, or with another secret: no url, no email.
        reopened = share.with_context(wiseparts_quick_order_secret=False)
        self.assertFalse(reopened.url)
        other = self.env["wiseparts.quick.order.link"].with_user(self.user_rep)
        other_secret = self._secret(other.create_for_partner(self.branch.id)["url"])
        forged = share.with_context(wiseparts_quick_order_secret=other_secret)
        self.assertFalse(forged.url)
        with self.assertRaisesRegex(UserError, "shown only once"):
            forged.action_send_email()

    def test_email_needs_a_customer_email(self):
        self.customer.email = False
        action = self.customer.with_user(self.user_rep).action_generate_quick_order_link()
        with self.assertRaisesRegex(UserError, "QO Garage has no valid Email"):
            self._share(action).action_send_email()

    # ------------------------------------------------------------------
    # Item 6: links for one's own customers only
    # ------------------------------------------------------------------
    @users("wp_rep")
    def test_rep_issues_links_for_own_customers_only(self):
        Link = self.env["wiseparts.quick.order.link"]
        # Own customer and its branch (the commercial customer's salesperson).
        self.assertTrue(Link.create_for_partner(self.customer.id)["url"])
        self.assertTrue(Link.create_for_partner(self.branch.id)["url"])
        other = self.other_customer.with_env(self.env)
        with self.assertRaisesRegex(AccessError, "QO Other"):
            Link.create_for_partner(other.id)
        with self.assertRaises(AccessError):
            other.action_generate_quick_order_link()
        with self.assertRaisesRegex(AccessError, "create_for_partner"):
            Link.create({"partner_id": other.id})
        self.assertFalse(Link.sudo().search([("partner_id", "=", other.id)]))

    def test_regenerate_and_read_follow_the_customer(self):
        Link = self.env["wiseparts.quick.order.link"]
        others_link = Link.with_user(self.user_manager).create_for_partner(self.other_customer.id)
        others_link = Link.browse(others_link["id"])
        self.assertNotIn(others_link, Link.with_user(self.user_rep).search([]))
        with self.assertRaises(AccessError):
            others_link.with_user(self.user_rep).action_regenerate()
        with self.assertRaises(AccessError):
            others_link.with_user(self.user_rep).action_revoke()
        self.assertTrue(others_link.active)
        # A link the rep issued follows its customer to the new salesperson.
        link, _url, _secret = self._new_link()
        self.customer.user_id = self.user_rep2
        self.assertNotIn(link, Link.with_user(self.user_rep).search([]))
        with self.assertRaises(AccessError):
            link.with_user(self.user_rep).action_regenerate()
        self.assertIn(link, Link.with_user(self.user_rep2).search([]))
        link.with_user(self.user_rep2).action_regenerate()
        self.assertFalse(link.active)

    def test_all_documents_and_admins_issue_for_any_customer(self):
        Link = self.env["wiseparts.quick.order.link"]
        for user in (self.user_manager, self.user_admin):
            result = Link.with_user(user).create_for_partner(self.other_customer.id)
            link = Link.with_user(user).browse(result["id"])
            self.assertEqual(link.partner_id, self.other_customer)
            link.action_regenerate()

    # ------------------------------------------------------------------
    # Item 7: an issued link cannot be re-targeted or revived
    # ------------------------------------------------------------------
    def test_customer_and_company_are_immutable(self):
        link, _url, _secret = self._new_link()
        other_company = self.env["res.company"].create({"name": "QO Second company"})
        for user in (self.user_manager, self.user_admin):
            link_as = link.with_user(user)
            with self.assertRaisesRegex(UserError, "Quick-order link of QO Garage.*Customer"):
                link_as.write({"partner_id": self.other_customer.id})
            with self.assertRaisesRegex(UserError, "Quick-order link of QO Garage.*Company"):
                link_as.write({"company_id": other_company.id})
        self.assertEqual(link.partner_id, self.customer)
        self.assertEqual(link.company_id, self.company)
        link.with_user(self.user_rep).write({"partner_id": self.customer.id})  # unchanged: fine

    def test_revoking_is_final(self):
        link, _url, secret = self._new_link()
        link.with_user(self.user_rep).action_revoke()
        for user in (self.user_rep, self.user_admin):
            with self.assertRaisesRegex(UserError, "is revoked.*Regenerate"):
                link.with_user(user).action_unarchive()
            with self.assertRaisesRegex(UserError, "is revoked"):
                link.with_user(user).write({"active": True})
        self.assertFalse(link.active)
        self.assertFalse(self.env["wiseparts.quick.order.link"]._find_by_secret(secret))

    @freeze_time("2026-03-01 10:00:00")
    def test_only_admins_extend_the_validity(self):
        self.company.quick_order_expiry_days = 30
        link, _url, _secret = self._new_link()
        self.assertEqual(link.expires_at, datetime(2026, 3, 31, 23, 59, 59))
        as_rep = link.with_user(self.user_rep)
        as_rep.expires_at = datetime(2026, 3, 20)  # shorter: fine
        as_rep.expires_at = datetime(2026, 3, 31, 12)  # within the default validity: fine
        for value in (datetime(2026, 4, 1), False):
            with self.assertRaisesRegex(UserError, "Quick-order link of QO Garage.*Expires on"):
                as_rep.write({"expires_at": value})
        Link = self.env["wiseparts.quick.order.link"]
        with self.assertRaisesRegex(UserError, "Sales administrator"):
            Link.with_user(self.user_rep).create_for_partner(
                self.customer.id, expires_at="2026-06-01"
            )
        with self.assertRaisesRegex(UserError, "Sales administrator"):
            link.with_user(self.user_manager).write({"expires_at": datetime(2026, 6, 1)})
        link.with_user(self.user_admin).write({"expires_at": datetime(2026, 12, 31)})
        # Not an extension: shortening an administrator's date, regenerating keeps it.
        as_rep.expires_at = datetime(2026, 11, 30)
        action = as_rep.action_regenerate()
        new_link = self.env[action["res_model"]].browse(action["res_id"]).link_id
        self.assertEqual(new_link.expires_at, datetime(2026, 11, 30))
        result = Link.with_user(self.user_admin).create_for_partner(
            self.customer.id, expires_at="2027-01-01"
        )
        self.assertEqual(Link.browse(result["id"]).expires_at, datetime(2027, 1, 1))

    def test_archived_commercial_customer_stops_branch_links(self):
        Link = self.env["wiseparts.quick.order.link"]
        link, _url, secret = self._new_link(partner=self.branch)
        self.assertEqual(Link._find_by_secret(secret), link)
        self.customer.active = False
        self.assertTrue(self.branch.active)
        self.assertFalse(Link._find_by_secret(secret))
        with self.assertRaisesRegex(ValidationError, "archived"):
            self._new_link(partner=self.branch)
