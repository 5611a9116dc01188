from . import wiseparts_brand
from . import product_template
from . import res_partner
from . import wiseparts_customer_note
from . import account_move
from . import product_pricelist
from . import sale_order_line
from . import res_users
