"use strict";

const NOT_FOUND = {
  code: "NotFound",
  message: "Entity with the specified id does not exist in the system."
};

// Body of a 404 that the SDK turns into CosmosException(NotFound).
function notFound(res) {
  res.statusCode = 404;
  return { ...NOT_FOUND };
}

module.exports = { notFound };
