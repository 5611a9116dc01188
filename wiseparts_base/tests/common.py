from odoo.tests import new_test_user

from odoo.addons.base.tests.common import BaseCommon


class WisepartsCommon(BaseCommon):
    """Users for each WiseParts role (Odoo's Sales groups) and a small catalogue."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_rep = new_test_user(
            cls.env,
            login="wp_rep",
            groups="sales_team.group_sale_salesman",
            name="Rita Rep",
        )
        cls.user_rep2 = new_test_user(
            cls.env,
            login="wp_rep2",
            groups="sales_team.group_sale_salesman",
            name="Oscar Other",
        )
        cls.user_manager = new_test_user(
            cls.env,
            login="wp_manager",
            groups="sales_team.group_sale_salesman_all_leads",
            name="Mona Manager",
        )
        cls.user_admin = new_test_user(
            cls.env,
            login="wp_admin",
            groups="sales_team.group_sale_manager",
            name="Adam Admin",
        )
        cls.user_internal = new_test_user(
            cls.env,
            login="wp_internal",
            groups="base.group_user",
            name="Ivan Internal",
        )
        cls.brand = cls.env["wiseparts.brand"].create({"name": "Test Brand"})
