from . import sale_report
from . import account_invoice_report
from . import wiseparts_segment_migration_report
from . import wiseparts_segment_conversion_report
