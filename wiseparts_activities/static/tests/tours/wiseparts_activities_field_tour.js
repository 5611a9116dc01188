import { registry } from "@web/core/registry";

/** Fail the tour when the page is wider than the screen (a 390 px phone). */
function assertFitsScreen(what) {
    const overflow = document.documentElement.scrollWidth - window.innerWidth;
    if (overflow > 1) {
        throw new Error(`${what} is ${overflow} px wider than the ${window.innerWidth} px screen`);
    }
}

/** Replace the browser's geolocation: refuse, or answer with the given position. */
function mockGeolocation(position) {
    Object.defineProperty(navigator, "geolocation", {
        configurable: true,
        value: {
            getCurrentPosition(resolve, reject) {
                if (position) {
                    resolve({ coords: { ...position, accuracy: 10 }, timestamp: Date.now() });
                } else {
                    reject({ code: 1, message: "User denied Geolocation" });
                }
            },
        },
    });
}

// A sales administrator requires "Next step" on the type's report form.
registry.category("web_tour.tours").add("wiseparts_activities_required_field", {
    steps: () => [
        {
            content: "The type form lists its report fields",
            trigger: ".o_wiseparts_report_required_item[data-property=competitors]",
        },
        {
            content: "A yes/no field is not offered: it is always answered",
            trigger:
                ".o_wiseparts_report_required:not(:has([data-property=stock_checked]))",
        },
        {
            content: "Require the next step",
            trigger: ".o_wiseparts_report_required_item[data-property=next_step] input",
            run: "click",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved, still ticked",
            trigger:
                ".o_form_saved .o_wiseparts_report_required_item[data-property=next_step] input:checked",
        },
    ],
});

// A rep on a phone: Today, open the visit, check in, fill the report, mark it done.
registry.category("web_tour.tours").add("wiseparts_activities_phone_visit", {
    steps: () => [
        {
            content: "Today shows the visit with the customer's phone and a map link",
            trigger:
                ".o_kanban_record:contains(Tour Garage) a.o_wiseparts_today_call[href='tel:+33472000099']",
        },
        {
            content: "Another rep's visit is not on this phone",
            trigger: ".o_kanban_view:not(:has(.o_kanban_record:contains(Segment Customer 3)))",
        },
        {
            content: "The map link opens the customer's address",
            trigger:
                ".o_kanban_record:contains(Tour Garage) a.o_wiseparts_today_map[href*='google.com/maps']",
            run() {
                assertFitsScreen("Today");
            },
        },
        {
            content: "Open the visit",
            trigger: ".o_kanban_record:contains(Tour Garage) .o_wiseparts_today_address",
            run: "click",
        },
        {
            content: "The visit form fits the phone; the rep first refuses the location",
            trigger: ".o_form_view button.o_wiseparts_checkin",
            run() {
                assertFitsScreen("The visit form");
                mockGeolocation(null);
            },
        },
        {
            content: "Check in (refused)",
            trigger: ".o_form_view button.o_wiseparts_checkin",
            run: "click",
        },
        {
            content: "The refusal is explained",
            trigger: ".o_notification:contains(Location access was refused)",
            run() {
                mockGeolocation({ latitude: 45.7579, longitude: 4.832 });
            },
        },
        {
            content: "Check in again, location allowed",
            trigger: ".o_form_view button.o_wiseparts_checkin",
            run: "click",
        },
        {
            content: "Checked in at the customer",
            trigger: ".o_notification:contains(Checked in at the customer)",
        },
        {
            content: "The check-in is shown",
            trigger: ".o_form_view .o_field_widget[name=checkin_at]",
        },
        {
            content: "On a phone the header buttons are in the actions menu",
            trigger: ".o_cp_action_menus .fa-cog",
            run: "click",
        },
        {
            content: "Mark as done before filling the required field",
            trigger: ".o-dropdown--menu button[name=action_done]",
            run: "click",
        },
        {
            content: "Refused: the required report field is named",
            trigger: ".modal:contains(Next step)",
        },
        {
            content: "Close the message",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Fill in the next step",
            trigger:
                ".o_field_properties .o_property_field[property-name=next_step] input",
            run: "edit Send the offer",
        },
        {
            content: "Write a summary",
            trigger: ".o_field_widget[name=report_summary] textarea",
            run: "edit Stock checked, two competitor brands",
        },
        {
            content: "Open the actions menu",
            trigger: ".o_cp_action_menus .fa-cog",
            run: "click",
        },
        {
            content: "Mark as done",
            trigger: ".o-dropdown--menu button[name=action_done]",
            run: "click",
        },
        {
            content: "Done: no check-in any more and the report is read-only",
            trigger:
                ".o_form_view:not(:has(button.o_wiseparts_checkin)) .o_field_widget[name=report_summary]:not(:has(textarea))",
            run() {
                assertFitsScreen("The done visit");
            },
        },
    ],
});
