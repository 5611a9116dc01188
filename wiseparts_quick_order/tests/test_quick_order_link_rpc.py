from xmlrpc.client import Fault

from markupsafe import escape

from odoo.tests import HttpCase, tagged

from .common import QuickOrderCommon

RPC_ACCESS_ERROR = 4  # odoo.addons.base.controllers.rpc.RPC_FAULT_CODE_ACCESS_ERROR
RPC_USER_ERROR = 2  # RPC_FAULT_CODE_WARNING


@tagged("post_install", "-at_install")
class TestQuickOrderLinkRpc(HttpCase, QuickOrderCommon):
    """What an integration (XML-RPC) and the customer's browser get."""

    def _execute(self, user, method, *args, **kwargs):
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname,
            user.id,
            user.login.ljust(8, "x"),  # new_test_user's password: the login, padded to 8
            "wiseparts.quick.order.link",
            method,
            list(args),
            kwargs,
        )

    def test_create_for_partner_follows_the_customers_salesperson(self):
        Link = self.env["wiseparts.quick.order.link"]
        result = self._execute(self.user_rep, "create_for_partner", self.customer.id)
        self.assertEqual(Link.browse(result["id"]).partner_id, self.customer)
        with self.assertRaises(Fault) as caught:
            self._execute(self.user_rep, "create_for_partner", self.other_customer.id)
        self.assertEqual(caught.exception.faultCode, RPC_ACCESS_ERROR)
        self.assertIn("QO Other", caught.exception.faultString)
        with self.assertRaises(Fault) as caught:
            self._execute(self.user_rep, "create", {"partner_id": self.other_customer.id})
        self.assertEqual(caught.exception.faultCode, RPC_ACCESS_ERROR)
        self.assertFalse(Link.search([("partner_id", "=", self.other_customer.id)]))
        result = self._execute(self.user_manager, "create_for_partner", self.other_customer.id)
        self.assertEqual(Link.browse(result["id"]).partner_id, self.other_customer)

    def test_revoked_link_cannot_be_revived_by_rpc(self):
        link, _url, _secret = self._new_link()
        self._execute(self.user_rep, "action_revoke", link.ids)
        for user in (self.user_rep, self.user_admin):
            for method, args in (
                ("write", (link.ids, {"active": True})),
                ("action_unarchive", (link.ids,)),
            ):
                with self.assertRaises(Fault) as caught:
                    self._execute(user, method, *args)
                self.assertEqual(caught.exception.faultCode, RPC_USER_ERROR)
                self.assertIn("revoked", caught.exception.faultString)
        with self.assertRaises(Fault) as caught:
            self._execute(
                self.user_admin, "write", link.ids, {"partner_id": self.other_customer.id}
            )
        self.assertEqual(caught.exception.faultCode, RPC_USER_ERROR)
        link.invalidate_recordset()
        self.assertFalse(link.active)
        self.assertEqual(link.partner_id, self.customer)

    def test_page_header_shows_the_company_not_sign_in(self):
        _link, _url, secret = self._new_link()
        page = self.url_open(f"/quick-order/{secret}")
        self.assertEqual(page.status_code, 200)
        header = page.text[page.text.index('<header class="o_wqo_header') :]
        header = header[: header.index("</header>")]
        self.assertIn(str(escape(self.company.name)), header)
        self.assertIn(f"/logo.png?company={self.company.id}", header)
        self.assertNotIn("/web/login", page.text)
        self.assertNotIn("Sign in", page.text)
