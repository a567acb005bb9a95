// Talking to Foresight's GraphQL API (POST <api>/graphql/).
//
// Every request names the shop's Saleor (`Saleor-Api-Url`) and, when the storefront gives one,
// the customer's access token (`Authorization: Bearer`). The token is asked for on every
// request, so a storefront that refreshes tokens hands over a fresh one; a token Foresight
// refuses is asked for once more before the request fails.

/** Mark a GraphQL document (tests read these to check them against Foresight's schema). */
export const graphql = (strings) => strings.join("");

/** Mark a document sent to the shop's Saleor (tests check these against Saleor's schema). */
export const saleorGraphql = (strings) => strings.join("");

/**
 * A failed request. `code` is Foresight's error code (`NOT_FOUND`, `INVALID_TOKEN`,
 * `UNKNOWN_SALEOR`, …), or `NETWORK` (no answer), `UNSUPPORTED` (this Foresight does not have
 * the field yet), `HTTP_<status>`, `BAD_RESPONSE`.
 */
export class ApiError extends Error {
  constructor(code, message, { status = null } = {}) {
    super(message || code);
    this.name = "ApiError";
    this.code = code;
    this.status = status;
  }
}

/**
 * A client for one element: `endpoint` is Foresight's /graphql/ URL, `token()` resolves to the
 * current token or null, `canRefresh()` says whether asking again may give a newer one.
 */
export function createClient({ endpoint, saleorApiUrl, token, canRefresh }) {
  async function send(query, variables, signal, bearer) {
    const headers = { "Content-Type": "application/json", "Saleor-Api-Url": saleorApiUrl };
    if (bearer) headers.Authorization = `Bearer ${bearer}`;
    let response;
    try {
      response = await fetch(endpoint, {
        method: "POST",
        headers,
        body: JSON.stringify({ query, variables }),
        credentials: "omit",
        signal,
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new ApiError("NETWORK", String(error?.message ?? error));
    }
    let body = null;
    try {
      body = await response.json();
    } catch {
      // not JSON: judged by the status below
    }
    return { response, body };
  }

  return {
    async request(query, variables = {}, { signal } = {}) {
      let answer;
      for (let attempt = 0; attempt < 2; attempt += 1) {
        const bearer = await resolveToken(token);
        answer = await send(query, variables, signal, bearer);
        const refused = answer.response.status === 401 && codeOf(answer.body) === "INVALID_TOKEN";
        if (!(refused && bearer && attempt === 0 && canRefresh())) break;
      }
      return unwrap(answer.response, answer.body);
    },
  };
}

async function resolveToken(token) {
  try {
    const value = await token();
    return typeof value === "string" && value.trim() ? value.trim() : null;
  } catch (error) {
    throw new ApiError("TOKEN_CALLBACK", String(error?.message ?? error));
  }
}

function codeOf(body) {
  return body?.errors?.[0]?.extensions?.code ?? null;
}

function unwrap(response, body) {
  const first = body?.errors?.[0];
  if (first) {
    const code = codeOf(body);
    if (code) throw new ApiError(code, first.message, { status: response.status });
    if (/Cannot query field|Unknown argument|Unknown type/.test(first.message ?? "")) {
      throw new ApiError("UNSUPPORTED", first.message, { status: response.status });
    }
    throw new ApiError(`HTTP_${response.status}`, first.message, { status: response.status });
  }
  if (!response.ok) throw new ApiError(`HTTP_${response.status}`, response.statusText, { status: response.status });
  if (!body || typeof body.data !== "object" || body.data === null) {
    throw new ApiError("BAD_RESPONSE", "The answer was not GraphQL.", { status: response.status });
  }
  return body.data;
}
