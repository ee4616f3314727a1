'use strict';

const { describe, it, after } = require('node:test');
const assert = require('node:assert/strict');
const server = require('../support/runningServer');

/** Calls the function as LivePerson Functions do and turns its callback into a promise. */
function invoke(lambda, payload) {
  return new Promise((resolve, reject) => {
    lambda({ payload, headers: [] }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

describe('the LivePerson Function', { skip: server.skip }, () => {
  const namespace = server.freshNamespace('handoff');
  process.env.CONTEXT_NAMESPACE = namespace;
  process.env.CONTEXT_TTL_SECOND = '3600';
  const { lambda } = require('../index');
  const { ContextClient } = require('../contextClient');

  after(async () => {
    await new ContextClient().deleteNamespace(namespace);
  });

  it('hands a conversation from the bot to the agent and closes it', async () => {
    const saved = await invoke(lambda, {
      action: 'save',
      conversationId: 'conv-42',
      properties: { intent: 'billing-dispute', customerTier: 'gold', lastOrders: [1042, 1043] },
    });
    assert.deepEqual(saved, {
      conversationId: 'conv-42',
      context: { intent: 'billing-dispute', customerTier: 'gold', lastOrders: [1042, 1043] },
    });

    await invoke(lambda, { action: 'save', conversationId: 'conv-42', properties: { resolution: 'refund issued' } });
    const loaded = await invoke(lambda, { action: 'load', conversationId: 'conv-42' });
    assert.equal(loaded.context.intent, 'billing-dispute');
    assert.equal(loaded.context.resolution, 'refund issued');

    const selected = await invoke(lambda, { action: 'load', conversationId: 'conv-42', include: ['intent'] });
    assert.deepEqual(selected.context, { intent: 'billing-dispute' });

    const namespaces = await new ContextClient().getListOfNamespaces();
    assert.equal(namespaces.find((n) => n.name === namespace).ttlSecond, 3600);

    assert.deepEqual(await invoke(lambda, { action: 'close', conversationId: 'conv-42' }), { conversationId: 'conv-42', context: {} });
    assert.deepEqual((await invoke(lambda, { action: 'load', conversationId: 'conv-42' })).context, {});
  });

  it('passes the service error to the callback', async () => {
    const saved = process.env.CONTEXT_API_KEY;
    process.env.CONTEXT_API_KEY = 'wrong-key';
    try {
      await assert.rejects(invoke(lambda, { action: 'load', conversationId: 'conv-1' }), { statusCode: 403 });
    } finally {
      process.env.CONTEXT_API_KEY = saved;
    }
  });

  it('refuses a payload without a conversation id', async () => {
    await assert.rejects(invoke(lambda, { action: 'load' }), /conversationId is required/);
  });
});
