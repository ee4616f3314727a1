"use strict";

// Correction 2: on Linux the .NET SDK asks the gateway for a query plan
// (header x-ms-cosmos-is-query-plan-request) before running a query, and the
// package has no answer. The plan given here covers the one physical
// partition (["", "FF")) and asks for no client-side rewrite: no ORDER BY,
// TOP, aggregate or DISTINCT processing in the SDK. The SDK then sends the
// query as written and the server evaluates WHERE, ORDER BY, TOP and
// aggregates itself, which is correct because all data is in one partition.

const { replaceHandler } = require("../package");

const FULL_RANGE = { min: "", max: "FF", isMinInclusive: true, isMaxInclusive: false };

function queryPlan() {
  return {
    partitionedQueryExecutionInfoVersion: 2,
    queryInfo: {
      distinctType: "None",
      top: null,
      offset: null,
      limit: null,
      orderBy: [],
      orderByExpressions: [],
      groupByExpressions: [],
      groupByAliases: [],
      aggregates: [],
      groupByAliasToAggregateType: {},
      rewrittenQuery: "",
      hasSelectValue: false,
      dCountInfo: null,
      hasNonStreamingOrderBy: false
    },
    queryRanges: [FULL_RANGE]
  };
}

function isQueryPlanRequest(req) {
  return String(req.headers["x-ms-cosmos-is-query-plan-request"] || "").toLowerCase() === "true";
}

const answeringQueryPlans = queryHandler => async (account, req, res, params) => {
  if (!isQueryPlanRequest(req)) return queryHandler(account, req, res, params);
  req.resume(); // the query text itself is not needed
  const collection = account.database(params.dbId).collection(params.collId);
  if (!collection.read()) {
    res.statusCode = 404;
    return { code: "NotFound", message: "Resource Not Found." };
  }
  return queryPlan();
};

function apply() {
  replaceHandler("query-documents", answeringQueryPlans);
}

module.exports = { apply, queryPlan };
