from . import test_activity
from . import test_task
from . import test_activity_calendar
from . import test_activity_checkin
from . import test_activity_field_tour
from . import test_attribution
from . import test_revenue_report
