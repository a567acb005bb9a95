// The Notifications tab: what Foresight wants staff to look at (a valuable parcel shipped
// without tracking, or to an address changed since the order), unread ones newest first, each
// with its order and a "Mark read" button. The tab's label carries the unread count.

import { h } from "../shared/dom.js";
import { apiFields, gql } from "./api.js";
import { warningLine } from "./dispatch-warnings.js";
import { dashboardLink, errorNotice, formatAgo, formatDateTime, formatNumber, notice, orderPath, show, spinner } from "./ui.js";

const PAGE_SIZE = 50;

const NOTIFICATIONS = `
query ForesightStaffNotifications($first: Int!) {
  staffNotifications(unreadOnly: true, first: $first) {
    unreadCount
    items { id kind message orderId orderNumber fulfillmentId warnings signatureRequired createdAt }
  }
}`;

const MARK_READ = `
mutation ForesightStaffNotificationsMarkRead($ids: [ID!]!) {
  staffNotificationsMarkRead(ids: $ids) { marked }
}`;

/** The unread count, or null when this Foresight has no notifications. */
export async function unreadCount() {
  const fields = await apiFields();
  if (!fields.has("Query.staffNotifications")) return null;
  return (await gql(NOTIFICATIONS, { first: 1 })).staffNotifications.unreadCount;
}

/** The count above the list; none when nothing is unread (the list's empty state says so). */
function unreadText(count) {
  if (count === 0) return "";
  return count === 1 ? "1 unread notification" : `${formatNumber(count)} unread notifications`;
}

/** The Notifications tab; onCount(n) whenever the unread count is known anew. */
export async function mountNotifications(target, { onCount = () => {} } = {}) {
  const fields = await apiFields();
  if (!fields.has("Query.staffNotifications")) {
    show(target, notice("Notifications are not available in this Foresight yet.", "info"));
    return;
  }
  const heading = h("h2", { class: "subtitle", id: "notifications-heading", tabindex: "-1" }, "Unread notifications");
  const count = h("span", { class: "muted", role: "status" });
  const markAll = h("button", { type: "button", class: "button", hidden: true }, "Mark all read");
  const list = h("ul", { class: "notifications", "aria-labelledby": "notifications-heading" });
  const status = h("div", {});
  let unread = 0;

  const setCount = (value) => {
    unread = Math.max(0, value);
    show(count, unreadText(unread));
    markAll.hidden = list.children.length === 0;
    onCount(unread);
  };

  const empty = () => {
    if (list.children.length === 0) show(status, notice("Nothing to look at: every notification is read.", "success"));
  };

  /** Mark ids read; the rows go, and focus moves to what comes next (or the heading). */
  const markRead = async (ids, button) => {
    const rows = ids.map((id) => list.querySelector(`[data-notification="${CSS.escape(id)}"]`)).filter(Boolean);
    const next = rows.at(-1)?.nextElementSibling ?? rows[0]?.previousElementSibling ?? null;
    button.disabled = true;
    show(status, spinner("Marking read…"));
    try {
      const { marked } = (await gql(MARK_READ, { ids })).staffNotificationsMarkRead;
      for (const row of rows) row.remove();
      show(status, null);
      setCount(unread - marked);
      if (list.children.length === 0 && unread > 0) await load(); // the next page of unread ones
      empty();
      (next?.isConnected ? next.querySelector("button") : heading).focus();
    } catch (error) {
      show(status, errorNotice(error));
    } finally {
      button.disabled = false;
    }
  };

  const item = (notification) => {
    const when = h("time", { datetime: notification.createdAt, title: formatDateTime(notification.createdAt) }, formatAgo(notification.createdAt));
    const order = notification.orderId ? dashboardLink(orderPath(notification.orderId), `Order #${notification.orderNumber ?? ""}`) : null;
    const button = h(
      "button",
      { type: "button", class: "button button-small" },
      "Mark read",
      order ? h("span", { class: "visually-hidden" }, `: order #${notification.orderNumber}`) : null,
    );
    button.addEventListener("click", () => markRead([notification.id], button));
    return h(
      "li",
      { class: "notification-row", dataset: { notification: notification.id } },
      h(
        "div",
        { class: "notification-main" },
        h("span", { class: "notification-head" }, order ? h("strong", {}, order) : null, when),
        h("p", { class: "notification-message" }, notification.message),
        warningLine(notification.warnings, notification.signatureRequired),
      ),
      button,
    );
  };

  const load = async () => {
    show(status, spinner());
    list.replaceChildren();
    try {
      const inbox = (await gql(NOTIFICATIONS, { first: PAGE_SIZE })).staffNotifications;
      for (const notification of inbox.items) list.append(item(notification));
      show(status, null);
      setCount(inbox.unreadCount);
      empty();
    } catch (error) {
      show(status, errorNotice(error));
    }
  };

  markAll.addEventListener("click", () => {
    const ids = [...list.children].map((row) => row.dataset.notification);
    if (ids.length > 0) markRead(ids, markAll);
  });
  show(
    target,
    h("div", { class: "toolbar" }, h("div", {}, heading, count), markAll),
    h("p", { class: "muted small" }, "Foresight warns here when a parcel above the channel's tracked-shipping threshold leaves without a tracking number, or to an address changed since the order."),
    list,
    status,
  );
  await load();
}
