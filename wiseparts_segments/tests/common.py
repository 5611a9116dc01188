from datetime import date

from odoo import Command

from odoo.addons.wiseparts_base.tests.common import WisepartsCommon


class SegmentsCommon(WisepartsCommon):
    """Customers of Rita Rep and Oscar Other, products of two brands, an invoice helper.

    Every type of these tests is limited to the test brands so that other invoices of the
    database (demo data) never count, and run dates are explicit.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.other_brand = cls.env["wiseparts.brand"].create({"name": "Other Test Brand"})
        cls.product = cls.env["product.product"].create(
            {"name": "Brake pad", "brand_id": cls.brand.id, "type": "consu"}
        )
        cls.product_other = cls.env["product.product"].create(
            {"name": "Oil filter", "brand_id": cls.other_brand.id, "type": "consu"}
        )
        Partner = cls.env["res.partner"]
        cls.c1, cls.c2, cls.c3, cls.c4, cls.c5 = Partner.create(
            [
                {"name": f"Segment Customer {n}", "is_company": True, "user_id": user.id}
                for n, user in [
                    (1, cls.user_rep),
                    (2, cls.user_rep),
                    (3, cls.user_rep2),
                    (4, cls.user_rep2),
                    (5, cls.user_rep),
                ]
            ]
        )
        cls.branch1 = Partner.create(
            {"name": "Branch of 1", "parent_id": cls.c1.id, "is_branch": True, "type": "delivery"}
        )
        cls.SegmentType = cls.env["wiseparts.segment.type"]

    @classmethod
    def _invoices(cls, specs, post=True):
        """specs: (partner, invoice date, amount[, move_type[, product[, taxes]]])."""
        vals_list = []
        for spec in specs:
            partner, when, amount = spec[:3]
            move_type = spec[3] if len(spec) > 3 else "out_invoice"
            product = spec[4] if len(spec) > 4 else cls.product
            taxes = spec[5] if len(spec) > 5 else cls.env["account.tax"]
            vals_list.append(
                {
                    "move_type": move_type,
                    "partner_id": partner.id,
                    "invoice_date": when,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "quantity": 1,
                                "price_unit": amount,
                                "tax_ids": [Command.set(taxes.ids)],
                            }
                        )
                    ],
                }
            )
        moves = cls.env["account.move"].create(vals_list)
        if post:
            moves.action_post()
        return moves

    @classmethod
    def _abc_type(cls, **vals):
        return cls.SegmentType.create(
            {"name": "Test ABC", "kind": "abc", "brand_ids": [Command.set(cls.brand.ids)], **vals}
        )

    @classmethod
    def _computed_default_abc(cls):
        """c1 (Rita's) 100, c3 (Oscar's) 25 invoiced; the default ABC type computed: c1 A, c3 B
        (before c3 exactly 80 %)."""
        cls._invoices([(cls.c1, RUN, 100), (cls.c3, RUN, 25)])
        abc = cls._abc_type(is_default=True)
        abc.compute_assignments(abc.ids, RUN)
        return abc

    def _segment(self, segment_type, name):
        return segment_type.segment_ids.filtered(lambda s: s.name == name)

    def _assignment(self, segment_type, partner):
        return self.env["wiseparts.segment.assignment"].search(
            [("type_id", "=", segment_type.id), ("partner_id", "=", partner.id)]
        )


RUN = date(2021, 6, 30)
