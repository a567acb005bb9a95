// A claim's status and deadline as the claims views show them, and the fields they list.

import { h } from "../shared/dom.js";
import { badge, formatAgo, formatDateTime, humanize } from "./ui.js";

export const LIST_FIELDS = `
  id number status reason wishedResolution orderId orderNumber channel
  dueAt overdue createdAt updatedAt
  assignee { email }
  order { userEmail }`;

const STATUS = {
  OPEN: ["Open", "warning"],
  ESCALATED: ["Escalated", "critical"],
  WAITING_FOR_BUYER: ["Waiting for the buyer", "neutral"],
  OFFER_MADE: ["Offer made", "info"],
  RESOLVING: ["Being carried out", "info"],
  RESOLVED: ["Resolved", "success"],
  REJECTED: ["Rejected", "neutral"],
  WITHDRAWN: ["Withdrawn", "neutral"],
};

export function statusBadge(status) {
  const [label, tone] = STATUS[status] ?? [humanize(status), "neutral"];
  return badge(label, tone);
}

export function due(claim) {
  if (!claim.dueAt) return null;
  return h(
    "span",
    { class: claim.overdue ? "due due-overdue" : "due", title: formatDateTime(claim.dueAt) },
    claim.overdue ? `answer overdue since ${formatAgo(claim.dueAt)}` : `answer due ${formatAgo(claim.dueAt)}`,
  );
}
