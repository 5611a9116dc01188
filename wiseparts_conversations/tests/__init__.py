from . import (
    test_ai,
    test_auto_reply,
    test_conversation,
    test_email,
    test_inbox,
    test_inbox_tour,
    test_whatsapp,
)
from . import test_dashboard_widget
