'use strict';

// The running ContextServer the tests talk to; scripts/samples-test.sh starts one and sets these.
const baseUrl = process.env.CONTEXT_BASE_URL;
const accountId = process.env.CONTEXT_ACCOUNT_ID;
const apiKey = process.env.CONTEXT_API_KEY;

const skip = baseUrl && accountId && apiKey
  ? false
  : 'needs a running ContextServer: run scripts/samples-test.sh (or set CONTEXT_BASE_URL, CONTEXT_ACCOUNT_ID, CONTEXT_API_KEY)';

/** A namespace no other test or run uses. */
function freshNamespace(prefix) {
  return `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
}

module.exports = { baseUrl, accountId, apiKey, skip, freshNamespace };
