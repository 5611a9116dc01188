from . import test_dashboard_segment_migration
from . import test_segments
from . import test_segments_access
from . import test_segments_tour
from . import test_segments_ui
from . import test_segments_bulk_write
