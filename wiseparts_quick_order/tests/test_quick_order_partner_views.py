from lxml import etree

from odoo.tests import new_test_user, tagged

from .common import QuickOrderCommon


@tagged("post_install", "-at_install")
class TestQuickOrderPartnerViews(QuickOrderCommon):
    """Every internal user opens the partner views this addon extends and reads their fields."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_billing = new_test_user(
            cls.env, login="wp_billing", groups="account.group_account_invoice"
        )
        cls._new_link()

    @staticmethod
    def _specification(views):
        """What the web client asks web_read / web_search_read for: the partner fields of the
        views' archs (a sub-view's fields when it shows partners too, e.g. contacts)."""
        fields_info = views["models"]["res.partner"]["fields"]
        spec = {}
        for view in views["views"].values():
            for node in etree.fromstring(view["arch"]).iter("field"):
                parent = next(node.iterancestors("field"), None)
                if parent is not None and fields_info[parent.get("name")]["relation"] != (
                    "res.partner"
                ):
                    continue
                fname = node.get("name")
                if fields_info[fname]["type"] in ("many2one", "one2many", "many2many"):
                    spec[fname] = {"fields": {"display_name": {}}}
                else:
                    spec[fname] = {}
        return spec

    def test_every_role_opens_partner_views(self):
        roles = {
            "internal user": self.user_internal,
            "billing": self.user_billing,
            "own documents": self.user_rep,
            "all documents": self.user_manager,
            "sales administrator": self.user_admin,
        }
        partners = self.customer | self.branch | self.other_customer
        for role, user in roles.items():
            with self.subTest(role=role):
                Partner = self.env["res.partner"].with_user(user)
                views = Partner.get_views([(False, "form"), (False, "list"), (False, "kanban")])
                spec = self._specification(views)
                domain = [("id", "in", partners.ids)]
                result = Partner.web_search_read(domain, spec)
                self.assertEqual(result["length"], 3)
                for partner in partners:
                    (values,) = partner.with_user(user).web_read(spec)
                    self.assertEqual(values["id"], partner.id)
                is_sales = user.has_group("sales_team.group_sale_salesman")
                self.assertEqual("quick_order_link_count" in spec, is_sales)
                if is_sales:
                    counts = {row["id"]: row["quick_order_link_count"] for row in result["records"]}
                    # Own documents see the links of their customers only.
                    self.assertEqual(counts[self.customer.id], 1)
