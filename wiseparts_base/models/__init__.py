from . import wiseparts_brand
from . import product_template
from . import res_partner
from . import sale_order_line
