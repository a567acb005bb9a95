// The Report tab: what Foresight did, by month (in the shop's time zone) and channel: claims,
// guidance, where claims were settled, refunds, and valuable orders shipped without proof.
// "Download CSV" saves the report's own CSV (every column, by reason too) as a file.

import { h } from "../shared/dom.js";
import { apiFields, gql } from "./api.js";
import { channelPicker } from "./channels.js";
import { errorNotice, field, formatMoney, formatNumber, notice, show, spinner } from "./ui.js";

const REPORT = `
query ForesightReport($since: String!, $until: String!, $channel: String) {
  foresightReport(since: $since, until: $until, channel: $channel) {
    since until channel timeZone
    rows {
      month channel currency
      claims { filed resolved rejected withdrawn open }
      guidance { shown prevented }
      handling { resolvedInShop escalated }
      refunds { currency count total }
      shipping { ordersAboveThreshold withoutProof }
    }
    csv
  }
}`;

const MONTHS_SHOWN = 3;

// the columns under their groups: [group, [[heading, cell(row)], …]]
const COLUMNS = [
  [
    "Claims",
    [
      ["Filed", (row) => formatNumber(row.claims.filed)],
      ["Resolved", (row) => formatNumber(row.claims.resolved)],
      ["Rejected", (row) => formatNumber(row.claims.rejected)],
      ["Withdrawn", (row) => formatNumber(row.claims.withdrawn)],
      ["Open", (row) => formatNumber(row.claims.open)],
    ],
  ],
  [
    "Guidance",
    [
      ["Shown", (row) => formatNumber(row.guidance.shown)],
      ["Prevented", (row) => formatNumber(row.guidance.prevented)],
    ],
  ],
  [
    "Handling",
    [
      ["Resolved in shop", (row) => formatNumber(row.handling.resolvedInShop)],
      ["Escalated", (row) => formatNumber(row.handling.escalated)],
    ],
  ],
  [
    "Refunds",
    [
      ["Count", (row) => formatNumber(row.refunds.count)],
      ["Total", (row) => formatMoney(row.refunds.total, row.refunds.currency ?? row.currency)],
    ],
  ],
  [
    "Shipping",
    [
      [
        "Orders above threshold without proof",
        (row) => `${formatNumber(row.shipping.withoutProof)} of ${formatNumber(row.shipping.ordersAboveThreshold)}`,
      ],
    ],
  ],
];

function month(date) {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}`;
}

/** The last `count` months, this one included: [since, until] as YYYY-MM. */
function lastMonths(count, today = new Date()) {
  return [month(new Date(today.getFullYear(), today.getMonth() - (count - 1), 1)), month(today)];
}

function table(report) {
  const groups = h(
    "tr",
    {},
    h("td", { colspan: "2" }),
    COLUMNS.map(([group, columns]) => h("th", { scope: "colgroup", colspan: String(columns.length) }, group)),
  );
  const headings = h(
    "tr",
    {},
    h("th", { scope: "col" }, "Month"),
    h("th", { scope: "col" }, "Channel"),
    COLUMNS.flatMap(([, columns]) => columns.map(([heading]) => h("th", { scope: "col", class: "number" }, heading))),
  );
  return h(
    "table",
    { class: "table report-table" },
    h("caption", { class: "muted small" }, `By month in ${report.timeZone}, and by channel. Amounts in each row's currency.`),
    h("colgroup", { span: "2" }),
    COLUMNS.map(([, columns]) => h("colgroup", { span: String(columns.length) })),
    h("thead", {}, groups, headings),
    h(
      "tbody",
      {},
      report.rows.map((row) =>
        h(
          "tr",
          { dataset: { month: row.month, channel: row.channel } },
          h("th", { scope: "row" }, row.month),
          h("td", {}, row.channel),
          COLUMNS.flatMap(([, columns]) => columns.map(([, cell]) => h("td", { class: "number" }, cell(row)))),
        ),
      ),
    ),
  );
}

/** Save text as a file the browser downloads. */
function download(text, name) {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  const link = h("a", { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The Report tab. */
export async function mountReport(target) {
  const fields = await apiFields();
  if (!fields.has("Query.foresightReport")) {
    show(target, notice("The report is not available in this Foresight yet.", "info"));
    return;
  }
  const [firstMonth, lastMonth] = lastMonths(MONTHS_SHOWN);
  const since = h("input", { type: "month", name: "since", value: firstMonth, placeholder: "YYYY-MM" });
  const until = h("input", { type: "month", name: "until", value: lastMonth, placeholder: "YYYY-MM" });
  const channel = await channelPicker({ any: "All channels" });
  const csv = h("button", { type: "button", class: "button", disabled: true }, "Download CSV");
  const result = h("div", { class: "report-result" });
  let loaded = null;

  const load = async () => {
    loaded = null;
    csv.disabled = true;
    show(result, spinner());
    try {
      const report = (
        await gql(REPORT, { since: since.value.trim(), until: until.value.trim(), channel: channel.value() || null })
      ).foresightReport;
      loaded = report;
      csv.disabled = false;
      show(
        result,
        report.rows.length === 0
          ? notice(`Nothing on record from ${report.since} to ${report.until}.`, "info")
          : h("div", { class: "table-scroll", role: "region", "aria-label": "Report", tabindex: "0" }, table(report)),
      );
    } catch (error) {
      show(result, errorNotice(error));
    }
  };

  csv.addEventListener("click", () => {
    if (loaded) download(loaded.csv, `foresight-report-${loaded.since}-${loaded.until}.csv`);
  });
  show(
    target,
    h("p", { class: "muted" }, "What Foresight did, month by month: claims, the guidance buyers saw before filing, refunds, and valuable orders shipped without proof."),
    h(
      "form",
      {
        class: "report-form",
        onsubmit: (event) => {
          event.preventDefault();
          load();
        },
      },
      field("From", since),
      field("To (included)", until),
      field("Channel", channel.control, channel.known ? "Amounts are in each channel's currency." : null),
      h("div", { class: "actions" }, h("button", { type: "submit", class: "button button-primary" }, "Show"), csv),
    ),
    channel.note,
    result,
  );
  await load();
}
