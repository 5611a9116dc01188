from . import test_geocode
from . import test_goal
from . import test_map_workload
from . import test_territory
from . import test_territory_tours
from . import test_team_visibility
from . import test_dashboard_goals
from . import test_route
