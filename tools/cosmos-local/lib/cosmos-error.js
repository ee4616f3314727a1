"use strict";

// An error a correction raises inside the package's data layer to answer the
// request as Cosmos DB would, e.g. 400 {"code":"BadRequest","message":"Message: {\"Errors\":[...]}"}.
// Handlers wrapped with answeringCosmosErrors turn it into the response.

class CosmosError extends Error {
  constructor(status, substatus, code, errorText) {
    super(errorText);
    this.status = status;
    this.substatus = substatus;
    this.code = code;
  }

  body() {
    return { code: this.code, message: `Message: ${JSON.stringify({ Errors: [this.message] })}` };
  }
}

function answer(res, err) {
  res.statusCode = err.status;
  res.setHeader("x-ms-substatus", String(err.substatus));
  return err.body();
}

const answeringCosmosErrors = handler => async (account, req, res, params) => {
  try {
    return await handler(account, req, res, params);
  } catch (err) {
    if (err instanceof CosmosError) return answer(res, err);
    throw err;
  }
};

module.exports = { CosmosError, answer, answeringCosmosErrors };
