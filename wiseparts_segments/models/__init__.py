from . import wiseparts_invoice_figures_mixin
from . import wiseparts_segment_type
from . import wiseparts_segment
from . import wiseparts_segment_assignment
from . import wiseparts_segment_history
from . import wiseparts_segment_run
from . import res_partner
from . import wiseparts_dashboard
