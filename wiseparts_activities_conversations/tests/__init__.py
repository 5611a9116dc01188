from . import test_whatsapp_automation
