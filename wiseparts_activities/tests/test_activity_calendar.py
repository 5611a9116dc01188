from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ActivitiesCommon


@tagged("post_install", "-at_install")
class TestActivityCalendar(ActivitiesCommon):
    """Each planned activity is an event of its user's calendar; moving either moves the
    other."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.c1.write(
            {"street": "12 Rue des Freins", "zip": "69003", "city": "Lyon", "email": "c1@x.test"}
        )
        cls.Event = cls.env["calendar.event"]

    def _plan(self, user=None, starts=("2027-03-02 09:00:00",), partner=None):
        Activity = self.Activity.with_user(user or self.user_rep)
        return Activity.create(
            [
                {
                    "type_id": self.type_visit.id,
                    "partner_id": (partner or self.c1).id,
                    "start": start,
                }
                for start in starts
            ]
        )

    def test_planned_activities_get_events_in_their_users_calendar(self):
        visits = self._plan(starts=("2027-03-02 09:00:00", "2027-03-02 11:00:00"))
        events = visits.calendar_event_id
        self.assertEqual(len(events), 2)
        for visit in visits:
            event = visit.calendar_event_id
            self.assertEqual(event.wiseparts_activity_id, visit)
            self.assertEqual(event.name, visit.name)
            self.assertEqual((event.start, event.stop), (visit.start, visit.stop))
            self.assertEqual(event.user_id, self.user_rep)
            self.assertEqual(event.partner_ids, self.user_rep.partner_id | self.c1)
            self.assertIn("12 Rue des Freins", event.location)
            self.assertIn("Lyon", event.location)
        # the rep finds them in their own calendar
        mine = self.Event.with_user(self.user_rep).search(
            [("partner_ids", "in", self.user_rep.partner_id.id), ("id", "in", events.ids)]
        )
        self.assertEqual(mine, events)
        # a planned visit is no invitation: the customer gets no e-mail
        self.assertFalse(self.env["mail.mail"].search([("recipient_ids", "in", self.c1.ids)]))
        # and no "Meeting" to-do on the activity
        self.assertFalse(visits.activity_ids)

    def test_moving_the_activity_moves_the_event(self):
        visit = self._plan().with_user(self.user_rep)
        visit.write({"start": "2027-03-03 14:00:00", "stop": "2027-03-03 15:30:00"})
        event = visit.calendar_event_id
        self.assertEqual(str(event.start), "2027-03-03 14:00:00")
        self.assertEqual(str(event.stop), "2027-03-03 15:30:00")
        visit.stop = "2027-03-03 16:00:00"
        self.assertEqual(str(event.stop), "2027-03-03 16:00:00")
        visit.user_id = self.user_manager
        self.assertEqual(event.user_id, self.user_manager)
        self.assertEqual(event.partner_ids, self.user_manager.partner_id | self.c1)

    def test_moving_the_event_moves_the_activity(self):
        visit = self._plan()
        event = visit.calendar_event_id.with_user(self.user_rep)
        event.write({"start": "2027-03-04 08:00:00", "stop": "2027-03-04 09:15:00"})
        self.assertEqual(str(visit.start), "2027-03-04 08:00:00")
        self.assertEqual(str(visit.stop), "2027-03-04 09:15:00")
        # resized in the calendar
        event.stop = "2027-03-04 10:00:00"
        self.assertEqual(str(visit.stop), "2027-03-04 10:00:00")
        self.assertEqual(str(visit.start), "2027-03-04 08:00:00")

    def test_cancel_removes_the_event_reset_brings_it_back_done_keeps_it(self):
        visit = self._plan().with_user(self.user_rep)
        event = visit.calendar_event_id
        visit.write({"cancel_reason": "Closed for holidays"})
        visit.action_cancel()
        self.assertFalse(visit.calendar_event_id)
        self.assertFalse(event.exists())
        visit.action_reset()
        new_event = visit.calendar_event_id
        self.assertTrue(new_event)
        self.assertEqual(new_event.start, visit.start)
        visit.action_done()
        self.assertEqual(visit.calendar_event_id, new_event)
        self.assertTrue(new_event.exists())

    def test_moving_the_event_of_a_done_activity_leaves_the_activity(self):
        visit = self._plan()
        visit.with_user(self.user_rep).action_done()
        start, stop = visit.start, visit.stop
        # the rep may tidy up their calendar: no error, the done visit keeps its times
        visit.calendar_event_id.with_user(self.user_rep).write(
            {"start": "2027-03-05 08:00:00", "stop": "2027-03-05 09:00:00"}
        )
        self.assertEqual((visit.start, visit.stop), (start, stop))
        self.assertEqual(str(visit.calendar_event_id.start), "2027-03-05 08:00:00")

    def test_others_cannot_move_a_reps_visit_through_the_calendar(self):
        visit = self._plan()
        with self.assertRaises(AccessError), self.cr.savepoint():
            visit.calendar_event_id.with_user(self.user_rep2).write(
                {"start": "2027-03-05 08:00:00", "stop": "2027-03-05 09:00:00"}
            )
        self.assertEqual(str(visit.start), "2027-03-02 09:00:00")

    def test_deleting_the_activity_deletes_its_event(self):
        visit = self._plan()
        event = visit.calendar_event_id
        visit.with_user(self.user_rep).unlink()
        self.assertFalse(event.exists())
