from odoo.tools import SQL


def post_init_hook(env):
    """Customers with a posted customer invoice are current customers from day one."""
    env["res.partner"].flush_model(["customer_status"])
    env.cr.execute(
        SQL(
            """
            UPDATE res_partner
               SET customer_status = 'current'
             WHERE customer_status IS DISTINCT FROM 'current'
               AND id IN (SELECT commercial_partner_id
                            FROM account_move
                           WHERE move_type = 'out_invoice' AND state = 'posted')
            """
        )
    )
    env["res.partner"].invalidate_model(["customer_status"])
