#!/usr/bin/env node
"use strict";

// cosmos-local: a local Cosmos DB-compatible server (see README.md).
// Prints exactly one line to stdout when ready:
//   cosmos-local listening on http://127.0.0.1:PORT

const { parseOptions, UsageError, USAGE } = require("./lib/options");
const { createServer } = require("./lib/create-server");

function fail(message, code) {
  process.stderr.write(`cosmos-local: ${message}\n`);
  process.exit(code);
}

function main() {
  let options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (err) {
    if (err instanceof UsageError) fail(`${err.message}\n\n${USAGE}`, 2);
    throw err;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }

  const server = createServer({ trace: options.trace });

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    server.close(() => process.exit(0));
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  if (options.exitWithStdin) {
    process.stdin.on("end", stop);
    process.stdin.on("close", stop);
    process.stdin.on("error", stop);
    process.stdin.resume();
  }

  server.on("error", err => fail(`cannot listen on ${options.host}:${options.port}: ${err.message}`, 1));
  server.listen(options.port, options.host, () => {
    const { port } = server.address();
    process.stdout.write(`cosmos-local listening on http://${options.host}:${port}\n`);
  });
}

main();
