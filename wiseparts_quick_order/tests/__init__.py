from . import test_quick_order_link
from . import test_quick_order_http
from . import test_quick_order_tour
from . import test_quick_order_cart
