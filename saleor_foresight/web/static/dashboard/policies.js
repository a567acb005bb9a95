// The Policies tab: the list of policies beside the editor (policy-editor.js).
// Reading needs MANAGE_ORDERS; changing needs MANAGE_SETTINGS (Foresight checks both).

import { h } from "../shared/dom.js";
import { gql } from "./api.js";
import { MANAGE_SETTINGS, POLICIES } from "./policy-api.js";
import { PolicyEditor } from "./policy-editor.js";
import { humanize, notice, show } from "./ui.js";

/** The Policies tab. */
export async function mountPolicies(target, { viewer }) {
  const policies = (await gql(POLICIES)).policies;
  const sidebar = h("nav", { class: "policy-list", "aria-label": "Policies" });
  const main = h("div", { class: "policy-main" });
  let selected = null;

  const renderList = () => {
    show(
      sidebar,
      h(
        "ul",
        { class: "plain" },
        policies.map((policy) => {
          const current = policy.versions.find((v) => v.current);
          const hasDraft = policy.versions.some((v) => v.status === "DRAFT");
          return h(
            "li",
            {},
            h(
              "button",
              {
                type: "button",
                class: "policy-item",
                "aria-current": policy.id === selected ? "true" : null,
                onclick: () => {
                  selected = policy.id;
                  renderList();
                  editor.open(policy);
                },
              },
              h("strong", {}, policy.name),
              h(
                "span",
                { class: "muted small" },
                humanize(policy.kind),
                current ? ` · v${current.number}` : " · not published",
                hasDraft ? " · draft" : "",
                policy.active ? "" : " · inactive",
              ),
            ),
          );
        }),
      ),
      viewer.permissions.includes(MANAGE_SETTINGS)
        ? h(
            "button",
            {
              type: "button",
              class: "button button-primary new-policy",
              onclick: () => {
                selected = null;
                renderList();
                editor.openNew();
              },
            },
            "New policy",
          )
        : null,
    );
  };

  const editor = new PolicyEditor({
    target: main,
    viewer,
    onChange: (policy) => {
      const at = policies.findIndex((p) => p.id === policy.id);
      if (at >= 0) policies[at] = policy;
      else policies.push(policy);
      selected = policy.id;
      renderList();
    },
  });

  show(target, h("div", { class: "policies" }, sidebar, main));
  renderList();
  if (policies.length > 0) {
    selected = policies[0].id;
    renderList();
    editor.open(policies[0]);
  } else if (viewer.permissions.includes(MANAGE_SETTINGS)) {
    editor.openNew();
  } else {
    show(main, notice("No policy yet.", "info"));
  }
}
