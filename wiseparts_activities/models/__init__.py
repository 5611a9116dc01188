from . import res_company
from . import res_config_settings
from . import wiseparts_activity_type
from . import wiseparts_activity
from . import wiseparts_task_type
from . import wiseparts_task
from . import sale_order
from . import wiseparts_activity_attribution
