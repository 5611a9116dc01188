import hashlib
from datetime import datetime, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged, users

from odoo.addons.base.models.ir_mail_server import IrMailServer

from .common import QuickOrderCommon


@tagged("post_install", "-at_install")
class TestQuickOrderLink(QuickOrderCommon):
    @users("wp_rep")
    def test_create_for_partner_as_rep(self):
        Link = self.env["wiseparts.quick.order.link"]
        result = Link.create_for_partner(self.customer.id)
        self.assertEqual(set(result), {"id", "url"})
        link = Link.browse(result["id"])
        self.assertEqual(link.partner_id, self.customer)
        self.assertEqual(link.state, "valid")
        base_url = link.get_base_url()
        self.assertTrue(result["url"].startswith(base_url + "/quick-order/"))
        secret = result["url"].rsplit("/", 1)[1]
        self.assertGreaterEqual(len(secret) * 6, 128)
        stored = link.sudo().token_hash
        self.assertEqual(stored, hashlib.sha256(secret.encode()).hexdigest())
        self.assertNotIn(secret, stored)
        self.assertEqual(Link._find_by_secret(secret), link)
        self.assertFalse(Link._find_by_secret(secret[:-1] + ("A" if secret[-1] != "A" else "B")))
        # A second link gets another secret.
        other = Link.create_for_partner(self.customer.id)
        self.assertNotEqual(other["url"], result["url"])

    def test_create_for_partner_refused_without_sales_rights(self):
        Link = self.env["wiseparts.quick.order.link"].with_user(self.user_internal)
        with self.assertRaises(AccessError):
            Link.create_for_partner(self.customer.id)

    @users("wp_rep")
    def test_create_for_partner_bad_input(self):
        Link = self.env["wiseparts.quick.order.link"]
        for bad in ("12", None, -1, True, 3.5):
            with self.assertRaises(ValidationError):
                Link.create_for_partner(bad)
        with self.assertRaisesRegex(ValidationError, "does not exist"):
            Link.create_for_partner(999999999)
        with self.assertRaisesRegex(ValidationError, "not a date"):
            Link.create_for_partner(self.customer.id, expires_at="next week")
        with self.assertRaisesRegex(ValidationError, "in the future"):
            Link.create_for_partner(self.customer.id, expires_at="2000-01-01 00:00:00")
        self.assertFalse(Link.search([("partner_id", "=", self.customer.id)]))

    @users("wp_rep")
    def test_rep_cannot_choose_the_secret(self):
        Link = self.env["wiseparts.quick.order.link"]
        with self.assertRaises(AccessError):
            Link.create({"partner_id": self.customer.id, "token_hash": "0" * 64})
        link = Link.browse(Link.create_for_partner(self.customer.id)["id"])
        with self.assertRaises(AccessError):
            link.write({"token_hash": "0" * 64})

    @freeze_time("2026-03-01 10:00:00")
    def test_default_expiry_from_settings(self):
        self.company.quick_order_expiry_days = 30
        link, _url, _secret = self._new_link()
        self.assertEqual(link.expires_at, datetime(2026, 3, 31, 23, 59, 59))
        self.company.quick_order_expiry_days = 0
        link, _url, _secret = self._new_link()
        self.assertFalse(link.expires_at)
        explicit = self.env["wiseparts.quick.order.link"].with_user(self.user_rep)
        result = explicit.create_for_partner(self.customer.id, expires_at="2026-04-02 08:00:00")
        self.assertEqual(explicit.browse(result["id"]).expires_at, datetime(2026, 4, 2, 8, 0, 0))

    def test_views_load_for_a_rep(self):
        for model in ("wiseparts.quick.order.link", "wiseparts.quick.order.link.share"):
            views = self.env[model].with_user(self.user_rep).get_views([(False, "form")])
            self.assertIn("<form", views["views"]["form"]["arch"])
        views = (
            self.env["wiseparts.quick.order.link"]
            .with_user(self.user_rep)
            .get_views([(False, "list"), (False, "search")])
        )
        self.assertIn('name="partner_id"', views["views"]["list"]["arch"])
        search = self.env["sale.order"].with_user(self.user_rep).get_views([(False, "search")])
        self.assertIn('name="quick_orders"', search["views"]["search"]["arch"])

    def test_visibility_rules(self):
        link, _url, _secret = self._new_link()
        Link = self.env["wiseparts.quick.order.link"]
        self.assertIn(link, Link.with_user(self.user_rep).search([]))
        self.assertNotIn(link, Link.with_user(self.user_rep2).search([]))
        with self.assertRaises(AccessError):
            link.with_user(self.user_rep2).check_access("read")
        self.assertIn(link, Link.with_user(self.user_manager).search([]))
        with self.assertRaises(AccessError):
            Link.with_user(self.user_internal).search([])

    def test_unusable_links_are_not_found(self):
        Link = self.env["wiseparts.quick.order.link"]
        link, _url, secret = self._new_link()
        self.assertEqual(Link._find_by_secret(secret), link)
        link.with_user(self.user_rep).action_revoke()
        self.assertFalse(Link._find_by_secret(secret))
        link2, _url, secret2 = self._new_link()
        link2.expires_at = fields.Datetime.now() - timedelta(minutes=1)
        self.assertEqual(link2.state, "expired")
        self.assertFalse(Link._find_by_secret(secret2))
        link3, _url, secret3 = self._new_link(partner=self.branch)
        self.assertEqual(Link._find_by_secret(secret3), link3)
        self.branch.active = False
        self.assertFalse(Link._find_by_secret(secret3))
        self.assertFalse(Link._find_by_secret(""))

    def _share(self, action, user=None):
        """The share dialog as the web client reads it: with the action's context."""
        return (
            self.env[action["res_model"]]
            .with_user(user or self.user_rep)
            .with_context(**action["context"])
            .browse(action["res_id"])
        )

    def _send_email(self, share):
        """Send the share dialog's email; return the bodies of the emails built."""
        with patch.object(
            IrMailServer, "build_email", autospec=True, side_effect=IrMailServer.build_email
        ) as build_email:
            share.action_send_email()
        return [call.kwargs["body"] for call in build_email.call_args_list]

    def test_generate_button_regenerate_and_share(self):
        action = self.customer.with_user(self.user_rep).action_generate_quick_order_link()
        share = self._share(action)
        self.assertIn("/quick-order/", share.url)
        self.assertIn(share.url, share.message)
        self.assertIn("QO Garage", share.message)
        old = share.link_id
        # Only the rep who created it reads the dialog.
        with self.assertRaises(AccessError):
            self._share(action, self.user_rep2).url  # noqa: B018
        action = old.with_user(self.user_rep).action_regenerate()
        new_share = self._share(action)
        self.assertFalse(old.active)
        self.assertEqual(old.state, "revoked")
        self.assertTrue(new_share.link_id.active)
        self.assertNotEqual(new_share.url, share.url)
        Link = self.env["wiseparts.quick.order.link"]
        self.assertFalse(Link._find_by_secret(share.url.rsplit("/", 1)[1]))
        self.assertEqual(Link._find_by_secret(new_share.url.rsplit("/", 1)[1]), new_share.link_id)
        # The email carries the url, in the customer's language, to the customer.
        (body,) = self._send_email(new_share)
        self.assertIn(new_share.url, body)
        self.assertIn("QO Garage", body)
        self.assertIn("Link emailed to", new_share.link_id.message_ids[0].body)

    def test_share_email_in_customer_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["wiseparts_quick_order"], ["fr_FR"])
        self.customer.lang = "fr_FR"
        action = self.customer.with_user(self.user_rep).action_generate_quick_order_link()
        share = self._share(action)
        (body,) = self._send_email(share)
        self.assertIn("Ouvrir mon catalogue", body)
        self.assertIn("Bonjour", share.message)

    def test_partner_form_button_and_action_menu(self):
        Partner = self.env["res.partner"]
        arch = Partner.with_user(self.user_rep).get_views([(False, "form")])["views"]["form"][
            "arch"
        ]
        self.assertIn('name="action_generate_quick_order_link"', arch)
        arch = Partner.with_user(self.user_internal).get_views([(False, "form")])["views"]["form"][
            "arch"
        ]
        self.assertNotIn('name="action_generate_quick_order_link"', arch)
        server_action = self.env.ref("wiseparts_quick_order.action_generate_quick_order_link")
        action = (
            server_action.with_user(self.user_rep)
            .with_context(
                active_model="res.partner",
                active_id=self.customer.id,
                active_ids=self.customer.ids,
            )
            .run()
        )
        share = self._share(action)
        self.assertIn(share.link_id.partner_id.name, share.message)
        self.assertEqual(share.link_id.partner_id, self.customer)
        self.assertEqual(share.link_id.create_uid, self.user_rep)

    def test_settings(self):
        # Odoo's settings need the Settings group, on top of Sales administrator.
        with self.assertRaises(AccessError):
            self.env["res.config.settings"].with_user(self.user_admin).create({})
        system = new_test_user(
            self.env,
            login="wp_system",
            groups="base.group_system,sales_team.group_sale_manager",
        )
        settings = (
            self.env["res.config.settings"]
            .with_user(system)
            .create(
                {
                    "quick_order_expiry_days": 30,
                    "quick_order_min_amount": 50.0,
                    "quick_order_brand_id": self.brand.id,
                    "quick_order_confirm": True,
                    "quick_order_rate_pages": 5,
                    "quick_order_rate_orders": 2,
                }
            )
        )
        settings.execute()
        self.assertEqual(self.company.quick_order_expiry_days, 30)
        self.assertEqual(self.company.quick_order_min_amount, 50.0)
        self.assertEqual(self.company.quick_order_brand_id, self.brand)
        self.assertTrue(self.company.quick_order_confirm)
        params = self.env["ir.config_parameter"].sudo()
        self.assertEqual(params.get_param("wiseparts_quick_order.rate_pages"), "5")
        self.assertEqual(params.get_param("wiseparts_quick_order.rate_orders"), "2")
