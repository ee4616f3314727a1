'use strict';

/**
 * A LivePerson Function for a warm hand-off: the bot saves what it learned about a conversation, the
 * agent (or the next bot) loads it, and the conversation's context is removed when it closes.
 *
 * Invoke it with a payload (e.g. from Conversation Builder's "Integration" of type "FaaS"):
 *   { "action": "save",  "conversationId": "conv-42", "properties": { "intent": "billing-dispute" } }
 *   { "action": "load",  "conversationId": "conv-42" }            (or "include": ["intent"])
 *   { "action": "close", "conversationId": "conv-42" }
 * It answers { conversationId, context } (context is {} after "close").
 *
 * Settings (environment variables of the function):
 *   CONTEXT_BASE_URL        https://<your-function-app>.azurewebsites.net (allow-list this host)
 *   CONTEXT_ACCOUNT_ID      your LivePerson account id, e.g. le12345678
 *   CONTEXT_NAMESPACE       default "handoff"
 *   CONTEXT_TTL_SECOND      sessions expire this long after their last write (default 86400; 0: never)
 *   CONTEXT_API_KEY_SECRET  name of the secret holding the API key (default "context-api-key")
 *   CONTEXT_API_KEY         only outside LivePerson (local runs, tests): the key itself
 *
 * In the Functions editor, paste contextClient.js above this function and drop the require below.
 */
const { ContextClient } = require('./contextClient');

let namespaceReady; // Registered once per warm instance, not on every invocation.

async function apiKey() {
  if (process.env.CONTEXT_API_KEY) {
    return process.env.CONTEXT_API_KEY;
  }
  // Inside LivePerson Functions: the key lives in the secret storage, never in code or settings.
  const { Toolbelt } = require('lp-faas-toolbelt');
  const secret = await Toolbelt.SecretClient().readSecret(process.env.CONTEXT_API_KEY_SECRET || 'context-api-key');
  return secret.value;
}

async function lambda(input, callback) {
  try {
    const { action = 'load', conversationId, properties, include } = (input && input.payload) || {};
    if (typeof conversationId !== 'string' || conversationId.length === 0) {
      return callback(new Error('payload.conversationId is required'));
    }

    const namespace = process.env.CONTEXT_NAMESPACE || 'handoff';
    const client = new ContextClient({ apiKey: await apiKey() });

    switch (action) {
      case 'save': {
        if (properties === null || typeof properties !== 'object' || Array.isArray(properties)) {
          return callback(new Error('payload.properties must be an object for "save"'));
        }
        namespaceReady ??= client
          .createNamespace(namespace, { ttl: Number(process.env.CONTEXT_TTL_SECOND ?? 86400) || undefined })
          .catch((error) => {
            namespaceReady = undefined;
            throw error;
          });
        await namespaceReady;
        const context = await client.setPropertiesInNamespace(namespace, properties, conversationId);
        return callback(null, { conversationId, context });
      }
      case 'load': {
        const context = Array.isArray(include)
          ? await client.getSelectedPropertiesInSession(namespace, include, conversationId)
          : await client.getAllPropertiesInSession(namespace, conversationId);
        return callback(null, { conversationId, context });
      }
      case 'close':
        await client.deleteSessionAndTtl(namespace, conversationId);
        return callback(null, { conversationId, context: {} });
      default:
        return callback(new Error(`Unknown action "${action}": use save, load or close`));
    }
  } catch (error) {
    // error.message is the service's own message (e.g. "document too large"); error.statusCode its status.
    return callback(error);
  }
}

// LivePerson Functions call the global `lambda`; local runs and tests require it.
if (typeof module !== 'undefined' && module.exports) {
  module.exports = { lambda };
}
