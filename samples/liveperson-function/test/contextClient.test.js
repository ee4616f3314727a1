'use strict';

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { ContextClient, ContextServiceError } = require('../contextClient');
const server = require('../support/runningServer');

describe('ContextClient against ContextServer', { skip: server.skip }, () => {
  const client = () => new ContextClient({ baseUrl: server.baseUrl, accountId: server.accountId, apiKey: server.apiKey });
  const ns = server.freshNamespace('client');

  before(async () => {
    await client().deleteNamespace(ns);
  });

  after(async () => {
    await client().deleteNamespace(ns);
  });

  it('creates a namespace idempotently and lists it with its TTL', async () => {
    const created = await client().createNamespace(ns, { ttl: 3600 });
    assert.equal(created.name, ns);
    assert.equal(created.ttlSecond, 3600);
    assert.ok(created.createdAt instanceof Date && !Number.isNaN(created.createdAt.getTime()));

    const again = await client().createNamespace(ns);
    assert.equal(again.createdAt.getTime(), created.createdAt.getTime());

    const listed = (await client().getListOfNamespaces()).find((n) => n.name === ns);
    assert.deepEqual(listed, again);
  });

  it('sets, merges and reads namespace properties (the default session)', async () => {
    const afterSet = await client().setPropertiesInNamespace(ns, { greeting: 'hello', count: 2 });
    assert.deepEqual(afterSet, { greeting: 'hello', count: 2 });

    const afterUpdate = await client().updatePropertiesInNamespace(ns, { count: 3 });
    assert.deepEqual(afterUpdate, { greeting: 'hello', count: 3 });

    assert.deepEqual(await client().getAllPropertiesInSession(ns), { greeting: 'hello', count: 3 });
    assert.equal(await client().getPropertyInSession(ns, 'greeting'), 'hello');
  });

  it('round-trips any JSON value in a session and reads selected properties', async () => {
    const properties = { intent: 'billing-dispute', tier: 'gold', orders: [1042, 1043], vip: true, note: null, nested: { a: { b: 1 } } };
    assert.deepEqual(await client().setPropertiesInNamespace(ns, properties, 'conv-1'), properties);

    assert.deepEqual(await client().getAllPropertiesInSession(ns, 'conv-1'), properties);
    assert.deepEqual(await client().getSelectedPropertiesInSession(ns, ['intent', 'orders', 'missing'], 'conv-1'), {
      intent: 'billing-dispute',
      orders: [1042, 1043],
    });
    assert.deepEqual(await client().getSelectedPropertiesInSession(ns, [], 'conv-1'), {});
    assert.deepEqual(await client().getPropertyInSession(ns, 'nested', 'conv-1'), { a: { b: 1 } });
    assert.equal(await client().getPropertyInSession(ns, 'note', 'conv-1'), null);
  });

  it('encodes session and property names that need it', async () => {
    await client().setPropertyInSession(ns, 'name with spaces & ü', 'value', 'session:with spaces');
    assert.equal(await client().getPropertyInSession(ns, 'name with spaces & ü', 'session:with spaces'), 'value');
    assert.deepEqual(await client().getSelectedPropertiesInSession(ns, ['name with spaces & ü'], 'session:with spaces'), {
      'name with spaces & ü': 'value',
    });
  });

  it('deletes a property, answering 404 for it afterwards', async () => {
    await client().setPropertiesInNamespace(ns, { a: 1, b: 2 }, 'conv-2');
    await client().deletePropertyInSession(ns, 'a', 'conv-2');
    await client().deletePropertyInSession(ns, 'a', 'conv-2'); // idempotent

    assert.deepEqual(await client().getAllPropertiesInSession(ns, 'conv-2'), { b: 2 });
    await assert.rejects(client().getPropertyInSession(ns, 'a', 'conv-2'), (error) => {
      assert.ok(error instanceof ContextServiceError);
      assert.equal(error.statusCode, 404);
      assert.match(error.message, /not found/i);
      return true;
    });
  });

  it('lists sessions, with and without their properties, page by page', async () => {
    const listNs = server.freshNamespace('list');
    try {
      await client().setPropertiesInNamespace(listNs, { x: 1 }, 's1');
      await client().setPropertiesInNamespace(listNs, { y: 2 }, 's2');
      await client().setPropertiesInNamespace(listNs, { z: 3 });

      assert.deepEqual(await client().getListOfSessions(listNs), ['__default__', 's1', 's2']);
      assert.deepEqual(await client().getListOfSessions(listNs, { page: 1, perPage: 2 }), ['s2']);
      assert.deepEqual(await client().getAllSessionsWithProperties(listNs, { perPage: 2 }), [
        { sessionId: '__default__', properties: { z: 3 } },
        { sessionId: 's1', properties: { x: 1 } },
      ]);
    } finally {
      await client().deleteNamespace(listNs);
    }
  });

  it('deleteSession removes the properties and keeps the TTL; deleteSessionAndTtl removes both', async () => {
    await client().setPropertiesInNamespace(ns, { step: 1 }, 'conv-3');
    await client().setSessionTtl(ns, 'conv-3', 120);
    const ttls = await client().getListOfSessionTtls(ns);
    const ttl = ttls.find((t) => t.sessionId === 'conv-3');
    assert.equal(ttl.ttlSecond, 120);
    assert.ok(ttl.createdAt instanceof Date);

    await client().deleteSession(ns, 'conv-3');
    assert.deepEqual(await client().getAllPropertiesInSession(ns, 'conv-3'), {});
    assert.ok((await client().getListOfSessionTtls(ns)).some((t) => t.sessionId === 'conv-3'));

    await client().setPropertiesInNamespace(ns, { step: 2 }, 'conv-3');
    await client().deleteSessionAndTtl(ns, 'conv-3');
    assert.deepEqual(await client().getAllPropertiesInSession(ns, 'conv-3'), {});
    assert.ok(!(await client().getListOfSessionTtls(ns)).some((t) => t.sessionId === 'conv-3'));
    assert.ok(!(await client().getListOfSessions(ns)).includes('conv-3'));
  });

  it('writes with If-Match only while the session is unchanged (412 otherwise)', async () => {
    const c = client();
    await c.setPropertiesInNamespace(ns, { v: 1 }, 'conv-4');
    const etag = c.lastETag;
    assert.ok(etag, 'a property read returns an ETag');

    await c.mergePropertiesInSession(ns, { v: 2 }, 'conv-4', { ifMatch: etag });
    await assert.rejects(c.setPropertyInSession(ns, 'v', 3, 'conv-4', { ifMatch: etag }), (error) => {
      assert.equal(error.statusCode, 412);
      return true;
    });
    assert.equal(await c.getPropertyInSession(ns, 'v', 'conv-4'), 2);
  });

  it('raises the server message and status: 403 for a wrong key, 400 for a bad name, 413 for too much', async () => {
    const wrongKey = new ContextClient({ baseUrl: server.baseUrl, accountId: server.accountId, apiKey: 'not-the-key' });
    await assert.rejects(wrongKey.getListOfNamespaces(), {
      name: 'ContextServiceError',
      statusCode: 403,
      message: 'Provided API Key is either invalid or lacks permission',
    });

    await assert.rejects(client().createNamespace('faas'), (error) => {
      assert.equal(error.statusCode, 400);
      assert.match(error.message, /faas/);
      return true;
    });

    await assert.rejects(client().setPropertiesInNamespace(ns, { big: 'x'.repeat(800_001) }, 'conv-5'), {
      statusCode: 413,
      message: 'document too large',
    });
    assert.deepEqual(await client().getAllPropertiesInSession(ns, 'conv-5'), {});
  });

  it('deletes the namespace with everything in it', async () => {
    const gone = server.freshNamespace('gone');
    await client().createNamespace(gone);
    await client().setPropertiesInNamespace(gone, { a: 1 }, 's');
    await client().deleteNamespace(gone);
    await client().deleteNamespace(gone); // idempotent

    assert.ok(!(await client().getListOfNamespaces()).some((n) => n.name === gone));
    assert.deepEqual(await client().getListOfSessions(gone), []);
  });
});

describe('ContextClient configuration', () => {
  const fakeFetch = (status, body, headers = {}) => async (url, init) => {
    fakeFetch.last = { url, init };
    return new Response(body, { status, headers });
  };

  it('takes base URL, account and key from the environment, and accepts a bare host', () => {
    const saved = { ...process.env };
    try {
      process.env.CONTEXT_BASE_URL = 'z1.context.example.com/';
      process.env.CONTEXT_ACCOUNT_ID = 'le12345678';
      process.env.CONTEXT_API_KEY = 'k';
      const client = new ContextClient();
      assert.equal(client.accountUrl, 'https://z1.context.example.com/v1/account/le12345678');
    } finally {
      process.env = saved;
    }
  });

  it('ignores a /v1/account/... suffix on the base URL', () => {
    const client = new ContextClient({ baseUrl: 'http://localhost:7071/v1/account/le1/', accountId: 'le1', apiKey: 'k' });
    assert.equal(client.accountUrl, 'http://localhost:7071/v1/account/le1');
  });

  it('refuses to start without a key', () => {
    assert.throws(() => new ContextClient({ baseUrl: 'http://x', accountId: 'a', apiKey: '' }), /apiKey is required/);
  });

  it('sends the key in maven-api-key and raises 503 with Retry-After', async () => {
    const fetch = fakeFetch(503, '{"message":"The context store is temporarily unavailable; try again shortly."}', { 'Retry-After': '5' });
    const client = new ContextClient({ baseUrl: 'http://x', accountId: 'a', apiKey: 'secret', fetch });
    await assert.rejects(client.getAllPropertiesInSession('ns', 's'), {
      statusCode: 503,
      retryAfterSeconds: 5,
      message: 'The context store is temporarily unavailable; try again shortly.',
    });
    assert.equal(fakeFetch.last.url, 'http://x/v1/account/a/ns/s/properties');
    assert.equal(fakeFetch.last.init.headers['maven-api-key'], 'secret');
  });

  it('keeps a non-JSON error body as the message', async () => {
    const client = new ContextClient({ baseUrl: 'http://x', accountId: 'a', apiKey: 'k', fetch: fakeFetch(502, 'Bad Gateway') });
    await assert.rejects(client.getListOfNamespaces(), { statusCode: 502, message: 'Bad Gateway' });
  });
});
