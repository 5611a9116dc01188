from . import ir_http
from . import res_company
from . import res_config_settings
from . import res_partner
from . import sale_order
from . import wiseparts_quick_order_cart
from . import wiseparts_quick_order_link
from . import wiseparts_quick_order_rate
