import { Component, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardWidgetProps } from "@web/views/widgets/standard_widget_props";

const GEOLOCATION_OPTIONS = { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 };

/** The browser's position, or an Error whose message says why there is none. */
function currentPosition() {
    return new Promise((resolve, reject) => {
        if (!navigator.geolocation) {
            reject(new Error(_t("This browser cannot tell where you are.")));
            return;
        }
        navigator.geolocation.getCurrentPosition(
            resolve,
            (error) => {
                const message =
                    error.code === 1 // PERMISSION_DENIED
                        ? _t(
                              "Location access was refused: allow this site to use your " +
                                  "location in the browser, then check in again."
                          )
                        : _t("Your position could not be found. Try again outdoors.");
                reject(new Error(message));
            },
            GEOLOCATION_OPTIONS
        );
    });
}

/** "Check in" on a visit: records the phone's GPS position with action_checkin. */
export class CheckinButton extends Component {
    static template = "wiseparts_activities.CheckinButton";
    static props = { ...standardWidgetProps };

    setup() {
        this.orm = useService("orm");
        this.notification = useService("notification");
        this.state = useState({ busy: false });
    }

    async onClick() {
        this.state.busy = true;
        try {
            await this.checkin();
        } finally {
            this.state.busy = false;
        }
    }

    async checkin() {
        let position;
        try {
            position = await currentPosition();
        } catch (error) {
            this.notification.add(error.message, { title: _t("Check-in"), type: "warning" });
            return;
        }
        const record = this.props.record;
        if (!(await record.save())) {
            return;
        }
        await this.orm.call("wiseparts.activity", "action_checkin", [
            [record.resId],
            position.coords.latitude,
            position.coords.longitude,
        ]);
        await record.load();
        const { checkin_far: far } = record.data;
        this.notification.add(
            far
                ? _t("Checked in, away from the customer's address.")
                : _t("Checked in at the customer."),
            { type: far ? "warning" : "success" }
        );
    }
}

export const checkinButton = {
    component: CheckinButton,
    fieldDependencies: [
        { name: "checkin_at", type: "datetime" },
        { name: "checkin_far", type: "boolean" },
    ],
};

registry.category("view_widgets").add("wiseparts_checkin", checkinButton);
