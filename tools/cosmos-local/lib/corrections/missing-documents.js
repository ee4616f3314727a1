"use strict";

// Correction 1: a point read of a missing id dereferences an undefined
// document and answers 500. Reads are answered here instead; replace, delete
// and patch of a missing id already answer 404, but with an empty body, which
// is given the usual {"code":"NotFound"} shape.

const { internal, replaceHandler } = require("../package");
const { notFound } = require("./not-found");

const { readOperation } = internal("handler/_document-operations");
const getPartitionFromHeader = internal("utils/get-partition-from-header").default;

function readDocument(account, req, res, { dbId, collId, docId }) {
  const collection = account.database(dbId).collection(collId);
  if (!collection.read()) return notFound(res);
  const partitionKey = getPartitionFromHeader(req);
  if (!partitionKey) {
    res.statusCode = 400;
    return { code: "BadRequest", message: "The partition key header x-ms-documentdb-partitionkey is missing." };
  }
  const result = readOperation(collection, { partitionKey, id: docId });
  if (result.statusCode === 404) return notFound(res);
  res.statusCode = result.statusCode;
  return result.body;
}

const withNotFoundBody = handler => async (account, req, res, params) => {
  const body = await handler(account, req, res, params);
  return res.statusCode === 404 ? notFound(res) : body;
};

function apply() {
  replaceHandler("read-document", () => readDocument);
  replaceHandler("replace-document", withNotFoundBody);
  replaceHandler("delete-document", withNotFoundBody);
  replaceHandler("patch-document", withNotFoundBody);
}

module.exports = { apply };
