'use strict';

/**
 * A small client for the Context API (LivePerson Context Session Store v1 compatible) with plain `fetch`.
 *
 * Its methods have the names, arguments and results of the LivePerson Functions toolbelt's
 * `ContextServiceClient` (`Toolbelt.ContextServiceClient({ accountId, apiKey })`), so a function written
 * against the toolbelt can switch to this service by changing one line. The methods after
 * `getListOfSessions` are this service's additions (paging, session TTLs, single-property writes, ETags).
 *
 * In the LivePerson Functions editor, paste this file above your `lambda` (Functions have no local
 * modules), and allow-list the host of `baseUrl` in the Functions settings.
 */

const DEFAULT_SESSION = '__default__';
const DEFAULT_TIMEOUT_MS = 10000;

/** A non-2xx answer: `message` is the server's `message`, `statusCode` (and `status`) the HTTP status. */
class ContextServiceError extends Error {
  constructor(statusCode, message, { retryAfterSeconds } = {}) {
    super(message);
    this.name = 'ContextServiceError';
    this.statusCode = statusCode;
    this.status = statusCode;
    if (retryAfterSeconds !== undefined) {
      this.retryAfterSeconds = retryAfterSeconds;
    }
  }
}

class ContextClient {
  /**
   * @param {object} [config]
   * @param {string} [config.baseUrl] e.g. `https://func-xxxx.azurewebsites.net` (default: env CONTEXT_BASE_URL);
   *   a host without a scheme gets `https://`, and a trailing `/v1/account/...` is ignored.
   * @param {string} [config.accountId] (default: env CONTEXT_ACCOUNT_ID)
   * @param {string} [config.apiKey] the account's `maven-api-key` (default: env CONTEXT_API_KEY)
   * @param {number} [config.timeoutMs] per request (default 10 s, as the toolbelt)
   * @param {typeof fetch} [config.fetch] (default: the global `fetch` of Node.js 18+)
   */
  constructor(config = {}) {
    const env = typeof process !== 'undefined' ? process.env : {};
    const baseUrl = config.baseUrl ?? env.CONTEXT_BASE_URL;
    const accountId = config.accountId ?? env.CONTEXT_ACCOUNT_ID;
    const apiKey = config.apiKey ?? env.CONTEXT_API_KEY;
    for (const [name, value] of Object.entries({ baseUrl, accountId, apiKey })) {
      if (typeof value !== 'string' || value.length === 0) {
        throw new TypeError(`ContextClient: ${name} is required (constructor option or environment variable)`);
      }
    }

    const origin = (/^https?:\/\//i.test(baseUrl) ? baseUrl : `https://${baseUrl}`)
      .replace(/\/v1\/account(\/.*)?$/, '')
      .replace(/\/+$/, '');
    this.accountId = accountId;
    this.accountUrl = `${origin}/v1/account/${encodeURIComponent(accountId)}`;
    this.apiKey = apiKey;
    this.timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.fetch = config.fetch ?? globalThis.fetch;
    this.lastETag = undefined;
  }

  // ---- The toolbelt's ContextServiceClient ----

  /** N1. Registers the namespace (idempotent) and returns it: `{ name, createdAt: Date, ttlSecond? }`. */
  async createNamespace(namespace, options = {}) {
    requireName('namespace', namespace);
    const query = options.ttl !== undefined ? `?ttlSecond=${encodeURIComponent(options.ttl)}` : '';
    await this.request('POST', query, { name: namespace });
    const namespaces = await this.getListOfNamespaces();
    return namespaces.find((current) => current.name === namespace);
  }

  /** N3. Removes the namespace and everything in it; no error when it is already gone. */
  async deleteNamespace(namespace) {
    requireName('namespace', namespace);
    await this.request('DELETE', `/${segment(namespace)}`);
  }

  /** N2. The registered namespaces, sorted by name. */
  async getListOfNamespaces() {
    const namespaces = await this.request('GET', '');
    return namespaces.map((current) => ({
      name: current.name,
      createdAt: new Date(current.createdAt),
      ...(current.ttlSecond !== undefined && { ttlSecond: current.ttlSecond }),
    }));
  }

  /** S1 (P1 without a session). Merges the properties into the session and returns all its properties. */
  async setPropertiesInNamespace(namespace, properties, sessionId) {
    await this.request('PATCH', `${sessionPath(namespace, sessionId)}/properties`, properties);
    return this.getAllPropertiesInSession(namespace, sessionId);
  }

  /** The same as setPropertiesInNamespace, as in the toolbelt: properties not given are kept. */
  async updatePropertiesInNamespace(namespace, properties, sessionId) {
    return this.setPropertiesInNamespace(namespace, properties, sessionId);
  }

  /** S3. All properties of the session (`{}` when it has none or has expired). */
  async getAllPropertiesInSession(namespace, sessionId) {
    return this.request('GET', `${sessionPath(namespace, sessionId)}/properties`);
  }

  /** S3 with `?include=`. The listed properties that exist; missing ones are left out. */
  async getSelectedPropertiesInSession(namespace, propertyNames, sessionId) {
    if (!Array.isArray(propertyNames) || propertyNames.length === 0) {
      return {};
    }
    const include = propertyNames.map(encodeURIComponent).join(',');
    return this.request('GET', `${sessionPath(namespace, sessionId)}/properties?include=${include}`);
  }

  /** S4. The property's value; a missing property throws a ContextServiceError with statusCode 404. */
  async getPropertyInSession(namespace, propertyName, sessionId) {
    requireName('propertyName', propertyName);
    return this.request('GET', `${sessionPath(namespace, sessionId)}/properties/${segment(propertyName)}`);
  }

  /** S5. Deletes one property; no error when it is already gone. */
  async deletePropertyInSession(namespace, propertyName, sessionId) {
    requireName('propertyName', propertyName);
    await this.request('DELETE', `${sessionPath(namespace, sessionId)}/properties/${segment(propertyName)}`);
  }

  /**
   * S6, as the toolbelt does it: deletes every property of the session; a TTL set with setSessionTtl stays.
   * Use deleteSessionAndTtl to remove that too.
   */
  async deleteSession(namespace, sessionId) {
    requireName('sessionId', sessionId);
    await this.request('DELETE', `${sessionPath(namespace, sessionId)}/properties`);
  }

  /** L1. Ids of the sessions holding properties (`__default__` included), sorted; one page. */
  async getListOfSessions(namespace, { page, perPage } = {}) {
    return this.request('GET', `/${segment(namespace)}/session-ids${pageQuery(page, perPage)}`);
  }

  // ---- This service's additions ----

  /** S2 (P2 without a session). Sets one property to any JSON value. */
  async setPropertyInSession(namespace, propertyName, value, sessionId, { ifMatch } = {}) {
    requireName('propertyName', propertyName);
    await this.request('PUT', `${sessionPath(namespace, sessionId)}/properties/${segment(propertyName)}`, value, { ifMatch });
  }

  /** S1 with If-Match: merges only when the session still has the ETag `ifMatch`, else throws 412. */
  async mergePropertiesInSession(namespace, properties, sessionId, { ifMatch } = {}) {
    await this.request('PATCH', `${sessionPath(namespace, sessionId)}/properties`, properties, { ifMatch });
  }

  /** L2. The sessions of getListOfSessions with their properties: `[{ sessionId, properties }]`. */
  async getAllSessionsWithProperties(namespace, { page, perPage } = {}) {
    return this.request('GET', `/${segment(namespace)}/session-properties${pageQuery(page, perPage)}`);
  }

  /** T1. Sets the session's own TTL in seconds (0 clears it); it wins over the namespace's TTL. */
  async setSessionTtl(namespace, sessionId, ttlSecond) {
    requireName('namespace', namespace);
    requireName('sessionId', sessionId);
    await this.request('POST', `/namespace/${segment(namespace)}/session?ttlSecond=${encodeURIComponent(ttlSecond)}`, { sessionId });
  }

  /** T2. Sessions with their own TTL: `[{ sessionId, createdAt: Date, ttlSecond }]`. */
  async getListOfSessionTtls(namespace) {
    requireName('namespace', namespace);
    const sessions = await this.request('GET', `/namespace/${segment(namespace)}/session`);
    return sessions.map((s) => ({ ...s, createdAt: new Date(s.createdAt) }));
  }

  /** T3. Deletes the session's properties and its own TTL. */
  async deleteSessionAndTtl(namespace, sessionId) {
    requireName('namespace', namespace);
    requireName('sessionId', sessionId);
    await this.request('DELETE', `/namespace/${segment(namespace)}/session/${segment(sessionId)}`);
  }

  // ---- HTTP ----

  /**
   * One request below the account URL. Resolves with the parsed JSON body (undefined for 204), remembers
   * the answer's ETag in `lastETag`, and rejects non-2xx answers with a ContextServiceError.
   */
  async request(method, path, body, { ifMatch } = {}) {
    const headers = { 'maven-api-key': this.apiKey, Accept: 'application/json' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    if (ifMatch !== undefined) {
      headers['If-Match'] = ifMatch;
    }

    let response;
    try {
      response = await this.fetch(`${this.accountUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const reason = error && error.name === 'TimeoutError' ? `timed out after ${this.timeoutMs} ms` : (error && error.message) || String(error);
      throw new ContextServiceError(-1, `${method} ${this.accountUrl}${path}: ${reason}`);
    }

    const text = await response.text();
    this.lastETag = response.headers.get('etag') ?? undefined;
    if (!response.ok) {
      let message = text || response.statusText;
      try {
        message = JSON.parse(text).message ?? message;
      } catch (_) {
        // Not JSON (a proxy's page, say): keep the text.
      }
      const retryAfter = response.headers.get('retry-after');
      throw new ContextServiceError(response.status, message, {
        retryAfterSeconds: retryAfter !== null && /^\d+$/.test(retryAfter) ? Number(retryAfter) : undefined,
      });
    }

    return text.length === 0 ? undefined : JSON.parse(text);
  }
}

function requireName(what, value) {
  if (typeof value !== 'string' || value.length === 0) {
    throw new TypeError(`${what} must be a non-empty string`);
  }
}

function segment(value) {
  return encodeURIComponent(value);
}

function sessionPath(namespace, sessionId) {
  requireName('namespace', namespace);
  return `/${segment(namespace)}/${segment(sessionId === undefined || sessionId === null ? DEFAULT_SESSION : sessionId)}`;
}

function pageQuery(page, perPage) {
  const query = new URLSearchParams();
  if (page !== undefined) query.set('page', String(page));
  if (perPage !== undefined) query.set('perPage', String(perPage));
  const text = query.toString();
  return text ? `?${text}` : '';
}

module.exports = { ContextClient, ContextServiceError, DEFAULT_SESSION };
