from . import ai_client, response_times, whatsapp_api, whatsapp_webhook
