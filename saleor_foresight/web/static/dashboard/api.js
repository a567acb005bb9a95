// Foresight's GraphQL API as the Dashboard pages call it: the Saleor named by Saleor-Api-Url,
// the staff member proven by the Dashboard's token (Authorization: Bearer).

import { bridge } from "./bridge.js";

// the pages live at <Foresight>/dashboard/static/*.js, the API at <Foresight>/graphql/
const ENDPOINT = new URL("../../graphql/", import.meta.url).href;

export class ApiError extends Error {
  constructor(message, { code = "ERROR", status = 0 } = {}) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.status = status;
  }
}

async function post(query, variables, token) {
  const headers = { "Content-Type": "application/json", Authorization: `Bearer ${token}` };
  if (bridge.apiUrl) headers["Saleor-Api-Url"] = bridge.apiUrl;
  let response;
  try {
    response = await fetch(ENDPOINT, {
      method: "POST",
      headers,
      body: JSON.stringify({ query, variables }),
      credentials: "omit",
      cache: "no-store",
    });
  } catch {
    throw new ApiError("Foresight cannot be reached. Check your connection and try again.", {
      code: "NETWORK",
    });
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  return { response, body };
}

/** Run a query or mutation; its data, or ApiError (a refused token is retried once, fresh). */
export async function gql(query, variables = {}) {
  const used = await bridge.token();
  let { response, body } = await post(query, variables, used);
  const firstCode = body?.errors?.[0]?.extensions?.code;
  if (response.status === 401 && firstCode === "INVALID_TOKEN") {
    // expired between the Dashboard's refreshes: wait for the next token, once
    const token = await bridge.nextToken({ refused: used }).catch(() => null);
    if (token !== null) ({ response, body } = await post(query, variables, token));
  }
  const error = body?.errors?.[0];
  if (!response.ok || !body || error) {
    const code = error?.extensions?.code ?? `HTTP_${response.status}`;
    const message =
      code === "UNKNOWN_SALEOR"
        ? "Foresight is not installed for this Saleor."
        : code === "INVALID_TOKEN"
          ? "Your Dashboard session has expired. Reload the page."
          : code === "PERMISSION_DENIED"
            ? `You lack a permission for this: ${error.message}`
            : (error?.message ?? `Foresight answered ${response.status}.`);
    throw new ApiError(message, { code, status: response.status });
  }
  return body.data;
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
      return new ApiError(known[code] ?? message ?? code, { code, status: xhr.status });
    }
  } catch {
    // not XML: fall through
  }
  return new ApiError(`The storage answered ${xhr.status}.`, { code: "STORAGE", status: xhr.status });
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
      reject(new ApiError("The upload did not reach the storage.", { code: "NETWORK" })),
    );
    xhr.addEventListener("abort", () => reject(new ApiError("The upload was stopped.", { code: "ABORTED" })));
    xhr.send(form);
  });
}
