"use strict";

// Correction 7: a conditional patch (PatchItemRequestOptions.FilterPredicate,
// "from c where ...") is lower-cased before evaluation, so conditions on
// camelCase fields never match. The condition is turned into a complete query
// with its case kept, which the package then uses as written.

const { internal } = require("../package");

function asQuery(condition) {
  if (typeof condition !== "string" || /\bselect\b/i.test(condition)) return condition;
  const from = /^\s*from\s+([A-Za-z_][A-Za-z0-9_]*)\s+where\s+([\s\S]+)$/i.exec(condition);
  if (from) {
    const [, alias, where] = from;
    return `SELECT * FROM ${alias} WHERE ${alias}.id = @id AND (${where})`;
  }
  const bare = /^\s*where\s+([\s\S]+)$/i.exec(condition);
  if (bare) return `SELECT * FROM c WHERE c.id = @id AND (${bare[1]})`;
  return condition;
}

function apply() {
  const operations = internal("handler/_patch-operations");
  const { patchOperation } = operations;
  operations.patchOperation = (collection, input) =>
    patchOperation(collection, { ...input, condition: asQuery(input.condition) });
}

module.exports = { apply };
