from . import test_brand
from . import test_customer
from . import test_customer_status
from . import test_customer_tour
from . import test_partner_views
from . import test_upsert
from . import test_price_cascade
