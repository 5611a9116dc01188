from . import test_activity
from . import test_task
from . import test_attribution
from . import test_revenue_report
