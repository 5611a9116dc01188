from psycopg2.errors import SerializationFailure

from odoo import api, models

FETCHMAIL_TRIES = 3


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    @api.model
    def message_process(
        self,
        model,
        message,
        custom_values=None,
        save_original=False,
        strip_attachments=False,
        thread_id=None,
    ):
        """Fetchmail commits after each email and only logs a failure (an IMAP email is then
        marked as read, never processed): an email that met a concurrent request (the contact of
        an unknown sender, see ``_message_route_process``) is run again in a new transaction, as
        Odoo does with a request. Rolling back loses nothing: fetchmail has just committed."""
        for tries_left in reversed(range(FETCHMAIL_TRIES)):
            try:
                return super().message_process(
                    model,
                    message,
                    custom_values=custom_values,
                    save_original=save_original,
                    strip_attachments=strip_attachments,
                    thread_id=thread_id,
                )
            except SerializationFailure:
                if not tries_left or not self.env.context.get("fetchmail_cron_running"):
                    raise
                self.env.cr.rollback()

    def _message_route_process(self, message, message_dict, routes):
        """The contact of the sender of a new conversation is found (or created) before Odoo
        runs ``message_new``: a failure there bounces the email to the sender, while the
        serialization failure raised when a concurrent request just created that contact must
        only make the email run again."""
        for model, thread_id, _custom_values, user_id, _alias in routes or ():
            if model == "wiseparts.conversation" and not thread_id:
                self.env[model].with_user(user_id).sudo()._wiseparts_email_contact(
                    message_dict.get("email_from")
                )
        return super()._message_route_process(message, message_dict, routes)
