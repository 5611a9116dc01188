import { registry } from "@web/core/registry";

// The list and form of conversations (WiseParts ▸ Conversations) as a salesperson: open a
// conversation, reply with a canned response, tag it and close it.
registry.category("web_tour.tours").add("wiseparts_conversations_list", {
    steps: () => [
        {
            content: "The rep's open conversations are listed with their unread count",
            trigger: ".o_data_row:contains(Tour Garage) td[name=unanswered_count]:contains(1)",
        },
        {
            content: "Open the conversation",
            trigger: ".o_data_row:contains(Tour Garage) td.o_data_cell",
            run: "click",
        },
        {
            content: "Open the composer",
            trigger: ".o-mail-Chatter-sendMessage",
            run: "click",
        },
        {
            // (emails are rendered in a shadow root: the author is matched, the text below)
            content: "The customer's email is in the timeline",
            trigger: ".o-mail-Message:contains(Paul Alpha) .o-mail-Message-body",
        },
        {
            content: "Type the canned response shortcut",
            trigger: ".o-mail-Composer-input",
            run: "edit :stock",
        },
        {
            content: "Pick the canned response",
            trigger: ".o-mail-Composer-suggestionList .o-mail-NavigableList-item:contains(stock)",
            run: "click",
        },
        {
            content: "The canned text is in the composer",
            trigger: ".o-mail-Composer-input:value(/in stock/)",
        },
        {
            content: "Send",
            trigger: ".o-mail-Composer-send:enabled",
            run: "click",
        },
        {
            content: "The reply is in the timeline",
            trigger: ".o-mail-Message-body:contains(Yes, they are in stock)",
        },
        {
            content: "Tag the conversation",
            trigger: ".o_field_widget[name=tag_ids] input",
            run: "edit Tour tag",
        },
        {
            content: "Choose the tag",
            trigger: ".o-autocomplete--dropdown-item:contains(Tour tag)",
            run: "click",
        },
        {
            content: "Close the conversation",
            trigger: "button[name=action_close]",
            run: "click",
        },
        {
            content: "It is closed",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(Closed)",
        },
    ],
});
