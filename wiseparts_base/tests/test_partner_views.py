from odoo.tests import TransactionCase, tagged

from .common import assert_views_readable, create_role_users

# Odoo's Contacts views and the partner views wiseparts_base adds or extends.
PARTNER_VIEWS = [
    ("base.view_partner_form", "form"),
    ("base.view_partner_tree", "list"),
    ("base.res_partner_kanban_view", "kanban"),
    ("wiseparts_base.res_partner_view_list", "list"),
    ("wiseparts_base.res_partner_view_kanban", "kanban"),
]


@tagged("post_install", "-at_install")
class TestPartnerViewsByRole(TransactionCase):
    """Every internal user opens Contacts and the customer views (issue 8, item 1)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.role_users = create_role_users(cls.env)
        rep = cls.role_users["salesperson (own documents)"]
        Partner = cls.env["res.partner"]
        cls.customer = Partner.create(
            {
                "name": "Garage Views",
                "is_company": True,
                "ref": "VIEW-1",
                "customer_rank": 1,
                "user_id": rep.id,
                "discount_percent": 5,
                "temperature": "hot",
                "phone": "+33 4 00 00 00 01",
            }
        )
        cls.branch = Partner.create(
            {"name": "Garage Views Nord", "parent_id": cls.customer.id, "is_branch": True}
        )
        cls.env["wiseparts.customer.note"].with_user(rep).create(
            {"partner_id": cls.customer.id, "body": "Ring before noon", "priority": "high"}
        )

    def test_every_role_opens_the_partner_views(self):
        assert_views_readable(
            self, self.role_users, "res.partner", PARTNER_VIEWS, self.customer | self.branch
        )
        internal = self.customer.with_user(self.role_users["internal user"])
        self.assertEqual(internal.last_note_preview, "Ring before noon")
