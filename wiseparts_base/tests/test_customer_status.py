from odoo.tests import tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

from ..hooks import post_init_hook


@tagged("post_install", "-at_install")
class TestCustomerStatus(AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create({"name": "Garage Status", "is_company": True})
        cls.branch = cls.env["res.partner"].create(
            {"name": "Garage Status Nord", "parent_id": cls.customer.id, "is_branch": True}
        )

    def test_posting_a_customer_invoice_makes_the_customer_current(self):
        self.assertEqual(self.customer.customer_status, "potential")
        invoice = self.init_invoice(
            "out_invoice", partner=self.branch, invoice_date="2026-03-01", amounts=[100]
        )
        self.assertEqual(self.customer.customer_status, "potential")
        invoice.action_post()
        self.assertEqual(self.customer.customer_status, "current")
        # a vendor bill does not make a supplier a customer
        supplier = self.env["res.partner"].create({"name": "Supplier"})
        self.init_invoice(
            "in_invoice", partner=supplier, invoice_date="2026-03-01", amounts=[10], post=True
        )
        self.assertEqual(supplier.customer_status, "potential")

    def test_install_hook_marks_invoiced_customers_current(self):
        self.init_invoice(
            "out_invoice", partner=self.customer, invoice_date="2026-03-01", amounts=[50], post=True
        )
        draft_only = self.env["res.partner"].create({"name": "Draft Only"})
        self.init_invoice("out_invoice", partner=draft_only, invoice_date="2026-03-01", amounts=[5])
        # as if the module were installed on a database that already had these invoices
        (self.customer | draft_only).write({"customer_status": "potential"})
        self.env.flush_all()
        post_init_hook(self.env)
        self.assertEqual(self.customer.customer_status, "current")
        self.assertEqual(draft_only.customer_status, "potential")

    def test_invoice_smart_button_counts_posted_invoices_of_branches_too(self):
        self.init_invoice(
            "out_invoice", partner=self.branch, invoice_date="2026-03-01", amounts=[10], post=True
        )
        self.init_invoice(
            "out_invoice", partner=self.customer, invoice_date="2026-03-02", amounts=[20], post=True
        )
        self.assertEqual(self.customer.wiseparts_invoice_count, 2)
        action = self.customer.action_view_wiseparts_invoices()
        self.assertEqual(len(self.env["account.move"].search(action["domain"])), 2)
