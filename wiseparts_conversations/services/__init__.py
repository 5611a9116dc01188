from . import ai_client, phone, response_times, whatsapp_api, whatsapp_webhook
