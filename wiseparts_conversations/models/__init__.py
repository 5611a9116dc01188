from . import (
    mail_message,
    mail_thread,
    res_company,
    res_config_settings,
    res_partner,
    sale_order,
    wiseparts_conversation,
    wiseparts_conversation_tag,
    wiseparts_whatsapp_account,
    wiseparts_whatsapp_part,
    wiseparts_whatsapp_template,
)
from . import wiseparts_dashboard
