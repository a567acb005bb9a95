// Foresight's GraphQL API as the Dashboard pages call it (the one client, ../shared/graphql.js):
// the Saleor named by Saleor-Api-Url, the staff member proven by the Dashboard's token
// (Authorization: Bearer), relayed and renewed by bridge.js; and uploads straight to storage.

import { ApiError, createClient } from "../shared/graphql.js";
import { bridge } from "./bridge.js";

// the pages live at <Foresight>/dashboard/static/*.js, the API at <Foresight>/graphql/
const ENDPOINT = new URL("../../graphql/", import.meta.url).href;

/** An ApiError's message as staff read it. */
function explain(code, said, { status }) {
  if (code === "NETWORK") return "Foresight cannot be reached. Check your connection and try again.";
  if (code === "UNKNOWN_SALEOR") return "Foresight is not installed for this Saleor.";
  if (code === "INVALID_TOKEN") return "Your Dashboard session has expired. Reload the page.";
  if (code === "PERMISSION_DENIED") return `You lack a permission for this: ${said}`;
  return said ?? `Foresight answered ${status}.`;
}

const client = createClient({
  endpoint: ENDPOINT,
  saleorApiUrl: () => bridge.apiUrl,
  token: () => bridge.token(),
  // expired between the Dashboard's refreshes: wait for the next token, once
  retry: async (refused) => {
    const token = await bridge.nextToken({ refused }).catch(() => null);
    return token === null ? null : { token };
  },
  explain,
});

/** Run a query or mutation; its data, or ApiError (a refused token is retried once, fresh). */
export function gql(query, variables = {}) {
  return client.request(query, variables);
}

let capabilities = null;

/** The API's query and mutation fields ("Query.packingQueue", …): features arrive over time. */
export function apiFields() {
  capabilities ??= gql("{ __schema { queryType { fields { name } } mutationType { fields { name } } } }")
    .then((data) => {
      const fields = new Set();
      for (const field of data.__schema.queryType?.fields ?? []) fields.add(`Query.${field.name}`);
      for (const field of data.__schema.mutationType?.fields ?? []) fields.add(`Mutation.${field.name}`);
      return fields;
    })
    .catch((error) => {
      capabilities = null;
      throw error;
    });
  return capabilities;
}

function storageError(xhr) {
  // S3 and Foresight's local storage both answer <Error><Code/><Message/></Error>
  const text = xhr.responseText || "";
  try {
    const doc = new DOMParser().parseFromString(text, "application/xml");
    const code = doc.querySelector("Error > Code")?.textContent;
    const message = doc.querySelector("Error > Message")?.textContent;
    if (code) {
      const known = {
        EntityTooLarge: "The photo is larger than the upload allows.",
        EntityTooSmall: "The photo is empty.",
        AccessDenied: "The upload was refused (its form expired or did not match the file).",
      };
      return new ApiError(code, known[code] ?? message ?? code, { status: xhr.status });
    }
  } catch {
    // not XML: fall through
  }
  return new ApiError("STORAGE", `The storage answered ${xhr.status}.`, { status: xhr.status });
}

/**
 * Post a file straight to storage with a ticket {url, fields: [{name, value}]}: an S3
 * presigned POST (Foresight's local storage takes the same form). Fields first, in order,
 * the file last. onProgress(fraction) as bytes leave.
 */
export function uploadFile(ticket, file, onProgress = () => {}) {
  const form = new FormData();
  for (const field of ticket.fields) form.append(field.name, field.value);
  form.append("file", file, file.name || "photo");
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", ticket.url);
    xhr.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    });
    xhr.addEventListener("load", () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve();
      } else {
        reject(storageError(xhr));
      }
    });
    xhr.addEventListener("error", () =>
      reject(new ApiError("NETWORK", "The upload did not reach the storage.")),
    );
    xhr.addEventListener("abort", () => reject(new ApiError("ABORTED", "The upload was stopped.")));
    xhr.send(form);
  });
}
