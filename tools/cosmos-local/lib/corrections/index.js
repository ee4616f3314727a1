"use strict";

// Applies every correction to the package. Must run before the package's
// router is loaded (see ../package.js). Numbers refer to the list in
// tools/cosmos-local/README.md.

const { assertPinnedVersion } = require("../package");

let applied = false;

function applyCorrections() {
  if (applied) return;
  assertPinnedVersion();
  require("./hierarchical-keys").apply(); // 5
  require("./missing-documents").apply(); // 1
  require("./partition-scoped-queries").apply(); // 3 (replaces the query handler)
  require("./query-plan").apply(); // 2 (wraps the handler above)
  require("./patch-condition").apply(); // 7
  require("./account-endpoint").apply(); // plain-HTTP endpoint in the account document
  require("./item-size-limit").apply(); // 12 (wraps create, replace and upsert)
  require("./time-to-live").apply(); // 13 (wraps the handlers above)
  require("./linear-queries").apply(); // 15
  require("./delete-by-partition-key").apply(); // 14 (loads the router: must be last)
  applied = true;
}

module.exports = { applyCorrections };
