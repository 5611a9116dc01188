from . import test_quick_order_link
from . import test_quick_order_http
from . import test_quick_order_tour
from . import test_quick_order_link_security
from . import test_quick_order_link_rpc
from . import test_quick_order_partner_views
from . import test_quick_order_cart
