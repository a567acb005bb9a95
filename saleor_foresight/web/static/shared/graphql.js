// The one client for Foresight's GraphQL API (POST <Foresight>/graphql/), used by the storefront
// widget and the Dashboard pages alike; each side gives its own way of proving who asks.
//
// Every request names the shop's Saleor (`Saleor-Api-Url`) and, when there is one, a token
// (`Authorization: Bearer`): a buyer's access token in the widget, the Dashboard's app token in
// the Dashboard pages. The token is asked for on every request, so a refreshed one is used at
// once; when Foresight refuses it (401 INVALID_TOKEN) the side is asked once for another, and the
// request is sent again with it.

/** Mark a GraphQL document (tests read these to check them against Foresight's schema). */
export const graphql = (strings) => strings.join("");

/** Mark a document sent to the shop's Saleor (tests check these against Saleor's schema). */
export const saleorGraphql = (strings) => strings.join("");

/**
 * A failed request. `code` is Foresight's error code (`NOT_FOUND`, `INVALID_TOKEN`,
 * `UNKNOWN_SALEOR`, `PERMISSION_DENIED`, …), or `NETWORK` (no answer), `UNSUPPORTED` (this
 * Foresight does not have the field yet), `HTTP_<status>`, `BAD_RESPONSE`.
 */
export class ApiError extends Error {
  constructor(code, message, { status = null } = {}) {
    super(message || code);
    this.name = "ApiError";
    this.code = code;
    this.status = status;
  }
}

/** What a failure says by default: what Foresight (or the network) said, else `fallback`. */
const asSaid = (code, said, { fallback }) => said ?? fallback;

/**
 * A client: `endpoint` is Foresight's /graphql/ URL.
 * - `saleorApiUrl()`: the Saleor to name (null: none);
 * - `token()`: resolves to the current token or null (its errors reach the caller as they are);
 * - `retry(refused)`: after Foresight refused `refused`, resolves to `{token}` to send the
 *   request once more with, or null to give up;
 * - `explain(code, said, {status, fallback})`: the message of an ApiError, from what
 *   Foresight or the network said (`said`, or null).
 */
export function createClient({ endpoint, saleorApiUrl, token, retry, explain = asSaid }) {
  const failure = (code, said, { status = null, fallback = null } = {}) =>
    new ApiError(code, explain(code, said, { status, fallback }), { status });

  async function send(query, variables, signal, bearer) {
    const headers = { "Content-Type": "application/json" };
    const saleor = saleorApiUrl();
    if (saleor) headers["Saleor-Api-Url"] = saleor;
    if (bearer) headers.Authorization = `Bearer ${bearer}`;
    let response;
    try {
      response = await fetch(endpoint, {
        method: "POST",
        headers,
        body: JSON.stringify({ query, variables }),
        credentials: "omit",
        cache: "no-store",
        signal,
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw failure("NETWORK", String(error?.message ?? error));
    }
    let body = null;
    try {
      body = await response.json();
    } catch {
      // not JSON: judged by the status below
    }
    return { response, body };
  }

  function unwrap(response, body) {
    const status = response.status;
    const first = body?.errors?.[0];
    if (first) {
      const code = codeOf(body);
      if (code) throw failure(code, first.message ?? null, { status });
      if (/Cannot query field|Unknown argument|Unknown type/.test(first.message ?? "")) {
        throw failure("UNSUPPORTED", first.message, { status });
      }
      throw failure(`HTTP_${status}`, first.message ?? null, { status });
    }
    if (!response.ok) throw failure(`HTTP_${status}`, null, { status, fallback: response.statusText });
    if (!body || typeof body.data !== "object" || body.data === null) {
      throw failure("BAD_RESPONSE", null, { status, fallback: "The answer was not GraphQL." });
    }
    return body.data;
  }

  return {
    /** Run a query or mutation: its data, or an ApiError. */
    async request(query, variables = {}, { signal } = {}) {
      const used = await token();
      let answer = await send(query, variables, signal, used);
      if (answer.response.status === 401 && codeOf(answer.body) === "INVALID_TOKEN" && used) {
        const again = await retry(used);
        if (again) answer = await send(query, variables, signal, again.token);
      }
      return unwrap(answer.response, answer.body);
    },
  };
}

function codeOf(body) {
  return body?.errors?.[0]?.extensions?.code ?? null;
}
