from . import test_sales_dashboard
from . import test_sales_dashboard_tour
