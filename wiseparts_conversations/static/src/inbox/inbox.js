import { Chatter } from "@mail/chatter/web_portal/chatter";
import { Component, onWillStart, onWillUnmount, useState } from "@odoo/owl";
import { Dropdown } from "@web/core/dropdown/dropdown";
import { DropdownItem } from "@web/core/dropdown/dropdown_item";
import { deserializeDateTime } from "@web/core/l10n/dates";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { useDebounced } from "@web/core/utils/timing";

const { DateTime } = luxon;
const MODEL = "wiseparts.conversation";

/**
 * WiseParts ▸ Inbox: the conversations the user may read on the left (filters, search,
 * unanswered counts), the selected conversation on the right: Odoo's chatter (timeline of
 * every channel, composer with canned responses, notes, attachments) under a header to reply
 * by email or WhatsApp, tag, assign, close or reopen. One server call (wiseparts_inbox) fills
 * the list; the other buttons call the conversation's own methods. The list refreshes when
 * the server announces a new message on the bus.
 */
export class WisepartsInbox extends Component {
    static template = "wiseparts_conversations.Inbox";
    static components = { Chatter, Dropdown, DropdownItem };
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.ui = useState(useService("ui"));
        this.store = useService("mail.store");
        this.busService = useService("bus_service");
        this.state = useState({
            filters: {
                box: "mine",
                state: "open",
                channel: false,
                tag_id: false,
                unanswered: false,
                search: "",
            },
            conversations: [],
            counts: { mine: 0, unassigned: 0, all: 0 },
            tags: [],
            users: [],
            selected: null,
        });
        this.boxes = [
            { key: "mine", label: _t("Mine") },
            { key: "unassigned", label: _t("Unassigned") },
            { key: "all", label: _t("All") },
        ];
        this.states = [
            { key: "open", label: _t("Open") },
            { key: "pending", label: _t("Snoozed") },
            { key: "closed", label: _t("Closed") },
        ];
        this.channels = [
            { key: "email", label: _t("Email"), icon: "fa-envelope" },
            { key: "whatsapp", label: _t("WhatsApp"), icon: "fa-whatsapp" },
            { key: "note", label: _t("Internal note"), icon: "fa-sticky-note" },
        ];
        this.onSearchInput = useDebounced(() => this.load(), 300);
        this.onBusUpdate = (payload) => this.onConversationUpdated(payload);
        onWillStart(() => this.load({ options: true }));
        this.busService.subscribe("wiseparts_conversations/updated", this.onBusUpdate);
        onWillUnmount(() =>
            this.busService.unsubscribe("wiseparts_conversations/updated", this.onBusUpdate)
        );
    }

    // ------------------------------------------------------------------ data
    async load({ options = false } = {}) {
        const data = await this.orm.call(MODEL, "wiseparts_inbox", [], {
            ...this.state.filters,
            options,
        });
        this.state.conversations = data.conversations;
        this.state.counts = data.counts;
        if (options) {
            this.state.tags = data.tags;
            this.state.users = data.users;
        }
        const selected = this.state.selected;
        if (selected) {
            // keep showing the conversation even when it left the filtered list (closed...)
            const fresh = data.conversations.find((c) => c.id === selected.id);
            this.state.selected = fresh || (await this.readConversation(selected.id));
        }
    }

    async readConversation(id) {
        const [conversation] = await this.orm.call(MODEL, "wiseparts_inbox_read", [[id]]);
        return conversation || null;
    }

    async onConversationUpdated({ id }) {
        if (this.state.selected?.id === id) {
            // new messages of the open conversation (posted by the customer or a colleague)
            this.store.Thread.insert({ model: MODEL, id }).fetchNewMessages();
        }
        await this.load();
    }

    // ------------------------------------------------------------------ filters
    setFilter(name, value) {
        this.state.filters[name] = value;
        this.load();
    }

    onSelectChange(name, ev) {
        const value = ev.target.value;
        this.setFilter(name, value ? (name === "tag_id" ? Number(value) : value) : false);
    }

    // ------------------------------------------------------------------ selection
    select(conversation) {
        this.state.selected = conversation;
    }

    back() {
        this.state.selected = null;
    }

    channelIcon(channel) {
        return this.channels.find((c) => c.key === channel)?.icon || "fa-comments";
    }

    stateLabel(state) {
        return this.states.find((s) => s.key === state)?.label || state;
    }

    formatDate(value) {
        if (!value) {
            return "";
        }
        const date = deserializeDateTime(value);
        return date.hasSame(DateTime.now(), "day")
            ? date.toLocaleString(DateTime.TIME_SIMPLE)
            : date.toLocaleString(DateTime.DATE_SHORT);
    }

    hasTag(tag) {
        return this.state.selected.tag_ids.some((t) => t.id === tag.id);
    }

    // ------------------------------------------------------------------ actions
    async write(vals) {
        await this.orm.write(MODEL, [this.state.selected.id], vals);
        await this.load();
    }

    async callAction(method) {
        await this.orm.call(MODEL, method, [[this.state.selected.id]]);
        await this.load();
    }

    toggleTag(tag) {
        return this.write({ tag_ids: [[this.hasTag(tag) ? 3 : 4, tag.id]] });
    }

    assign(userId) {
        return this.write({ user_id: userId });
    }

    setReplyChannel(channel) {
        return this.write({ reply_channel: channel });
    }

    openCustomer() {
        return this.action.doAction({
            type: "ir.actions.act_window",
            res_model: "res.partner",
            res_id: this.state.selected.partner_id.id,
            views: [[false, "form"]],
        });
    }

    openForm() {
        return this.action.doAction({
            type: "ir.actions.act_window",
            res_model: MODEL,
            res_id: this.state.selected.id,
            views: [[false, "form"]],
        });
    }
}

registry.category("actions").add("wiseparts_conversations.inbox", WisepartsInbox);
