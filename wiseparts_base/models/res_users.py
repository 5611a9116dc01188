from odoo import api, models


class ResUsers(models.Model):
    _inherit = "res.users"

    # Call as self.env["res.users"]._wiseparts_...(): the caller's environment decides
    # (superuser mode counts as every right; env.user is always sudo-ed in Odoo 18).
    @api.model
    def _wiseparts_is_sales_admin(self):
        """Sales / Administrator (or superuser mode): configures WiseParts."""
        return self.env.su or self.env.user.has_group("sales_team.group_sale_manager")

    @api.model
    def _wiseparts_sees_all_customers(self):
        """Sales / All Documents, administrators and superuser mode."""
        return self.env.su or self.env.user.has_group("sales_team.group_sale_salesman_all_leads")
