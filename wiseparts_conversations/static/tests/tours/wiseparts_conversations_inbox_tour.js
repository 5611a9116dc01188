import { registry } from "@web/core/registry";

// WiseParts ▸ Inbox as a salesperson: filter the list, open a conversation, reply with a
// canned response, tag it and close it.
registry.category("web_tour.tours").add("wiseparts_conversations_inbox", {
    steps: () => [
        {
            content: "Mine shows one conversation waiting for an answer",
            trigger: ".o_wiseparts_inbox_box[data-box=mine] .badge:contains(1)",
        },
        {
            content: "The other rep's conversation is not in my box",
            trigger: ".o_wiseparts_inbox_list:not(:has(.o_wiseparts_inbox_item:contains(Beta Motors)))",
        },
        {
            content: "Only unanswered conversations",
            trigger: ".o_wiseparts_inbox_unanswered",
            run: "click",
        },
        {
            content: "Only the email channel",
            trigger: ".o_wiseparts_inbox_channel",
            run: "select email",
        },
        {
            content: "Search the customer",
            trigger: ".o_wiseparts_inbox_search",
            run: "edit Tour",
        },
        {
            content: "Open the conversation",
            trigger: ".o_wiseparts_inbox_item:contains(Tour Garage):has(.o_wiseparts_inbox_unread:contains(1))",
            run: "click",
        },
        {
            // (emails are rendered in a shadow root: the author is matched, the text below)
            content: "The customer's email is in the timeline",
            trigger: ".o_wiseparts_inbox_detail .o-mail-Message:contains(Paul Alpha) .o-mail-Message-body",
        },
        {
            content: "Replies go by email",
            trigger: ".o_wiseparts_inbox_reply_channel[data-channel=email].active",
        },
        {
            content: "Open the composer",
            trigger: ".o_wiseparts_inbox_detail .o-mail-Chatter-sendMessage",
            run: "click",
        },
        {
            content: "Type the canned response shortcut",
            trigger: ".o_wiseparts_inbox_detail .o-mail-Composer-input",
            run: "edit :stock",
        },
        {
            content: "Pick the canned response",
            trigger: ".o-mail-Composer-suggestionList .o-mail-NavigableList-item:contains(stock)",
            run: "click",
        },
        {
            content: "The canned text is in the composer",
            trigger: ".o_wiseparts_inbox_detail .o-mail-Composer-input:value(/in stock/)",
        },
        {
            content: "Send",
            trigger: ".o_wiseparts_inbox_detail .o-mail-Composer-send:enabled",
            run: "click",
        },
        {
            content: "The reply is in the timeline",
            trigger: ".o_wiseparts_inbox_detail .o-mail-Message-body:contains(Yes, they are in stock)",
        },
        {
            content: "Open the tags",
            trigger: ".o_wiseparts_inbox_tags",
            run: "click",
        },
        {
            content: "Tag the conversation",
            trigger: ".o_wiseparts_inbox_tag_item:contains(Tour tag)",
            run: "click",
        },
        {
            content: "The tag is shown",
            trigger: ".o_wiseparts_inbox_header .o_wiseparts_inbox_tag_badge:contains(Tour tag)",
        },
        {
            content: "Close the conversation",
            trigger: ".o_wiseparts_inbox_close",
            run: "click",
        },
        {
            content: "It is closed and can be reopened",
            trigger: ".o_wiseparts_inbox_header:has(.o_wiseparts_inbox_reopen) .o_wiseparts_inbox_status:contains(Closed)",
        },
        {
            content: "It left the list of open conversations",
            trigger: ".o_wiseparts_inbox_list:not(:has(.o_wiseparts_inbox_item:contains(Tour Garage)))",
        },
    ],
});
