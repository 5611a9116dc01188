from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .common import ConversationsCommon

MONDAY_10 = datetime(2026, 11, 30, 10, 0)  # inside the standard 40 h week (UTC)
SATURDAY_10 = datetime(2026, 12, 5, 10, 0)


@tagged("post_install", "-at_install")
class TestAutoReply(ConversationsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        company = cls.env.company
        calendar = cls.env["resource.calendar"].create(
            {
                "name": "Office hours (UTC)",
                "tz": "UTC",
                "company_id": company.id,
                "attendance_ids": [
                    (
                        0,
                        0,
                        {
                            "name": f"Day {day}",
                            "dayofweek": str(day),
                            "hour_from": 8,
                            "hour_to": 18,
                            "day_period": "morning",
                        },
                    )
                    for day in range(5)
                ],
            }
        )
        company.write(
            {
                "resource_calendar_id": calendar.id,
                "wiseparts_auto_reply": True,
                "wiseparts_out_of_hours_reply": "We are closed, we answer on Monday.",
            }
        )
        company.with_context(
            lang="fr_FR"
        ).wiseparts_out_of_hours_reply = "Nous sommes fermés, nous répondons lundi."
        cls.conversation = cls.env["wiseparts.conversation"].create({"partner_id": cls.customer.id})

    def _inbound(self, text, author=None):
        return self.conversation.with_context(
            wiseparts_channel="email", wiseparts_direction="inbound"
        ).message_post(
            body=text,
            author_id=(author or self.contact).id,
            message_type="email",
            subtype_xmlid="mail.mt_comment",
        )

    def _auto_replies(self):
        return self.conversation.message_ids.filtered("wiseparts_auto")

    def test_no_reply_in_business_hours(self):
        with freeze_time(MONDAY_10):
            self._inbound("Hello")
        self.assertFalse(self._auto_replies())

    def test_out_of_hours_once_per_12_hours_in_customer_language(self):
        self.contact.lang = "fr_FR"
        with freeze_time(SATURDAY_10):
            self._inbound("Bonjour")
        replies = self._auto_replies()
        self.assertEqual(len(replies), 1)
        self.assertIn("Nous sommes fermés", replies.body)
        self.assertEqual(replies.wiseparts_channel, "email", "on the channel the customer used")
        self.assertIn(self.contact, replies.partner_ids)
        with freeze_time(SATURDAY_10 + timedelta(hours=11)):
            self._inbound("Encore moi")
        self.assertEqual(len(self._auto_replies()), 1, "not twice within 12 hours")
        with freeze_time(SATURDAY_10 + timedelta(hours=13)):
            self._inbound("Toujours là ?")
        self.assertEqual(len(self._auto_replies()), 2)
        self.assertEqual(
            self.conversation.unanswered_count, 3, "automatic replies do not answer the customer"
        )
        self.assertEqual(self.conversation.first_response_minutes, 0)

    def test_english_and_first_contact(self):
        self.env.company.wiseparts_first_contact_reply = "Thanks for writing to us!"
        with freeze_time(MONDAY_10):
            self._inbound("Hello")
        self.assertIn("Thanks for writing", self._auto_replies().body)
        with freeze_time(SATURDAY_10):
            self._inbound("Hello again")
        self.assertIn("We are closed", self._auto_replies()[0].body)
