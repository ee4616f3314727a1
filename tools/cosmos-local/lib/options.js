"use strict";

const USAGE = `Usage: node tools/cosmos-local/server.js [options]

  --port N            port to listen on (default 8081; 0 picks a free port)
  --host 127.0.0.1    address to bind (only 127.0.0.1 is accepted)
  --exit-with-stdin   exit when standard input closes (e.g. the parent process died)
  --trace             log each request and its status to stderr
  -h, --help          show this help`;

const ONLY_HOST = "127.0.0.1";

class UsageError extends Error {}

function parsePort(text) {
  if (!/^\d+$/.test(text || "")) throw new UsageError(`--port needs a number, got ${JSON.stringify(text)}`);
  const port = Number(text);
  if (port > 65535) throw new UsageError(`--port must be 0-65535, got ${port}`);
  return port;
}

function parseOptions(argv) {
  const options = { port: 8081, host: ONLY_HOST, exitWithStdin: false, trace: false, help: false };
  const args = argv.slice();
  while (args.length) {
    const arg = args.shift();
    const [name, inline] = arg.startsWith("--") && arg.includes("=") ? arg.split(/=(.*)/s) : [arg, undefined];
    const value = () => (inline !== undefined ? inline : args.shift());
    switch (name) {
      case "--port":
      case "-p":
        options.port = parsePort(value());
        break;
      case "--host":
        options.host = value();
        if (options.host !== ONLY_HOST) {
          throw new UsageError(`refusing to bind to ${JSON.stringify(options.host)}: cosmos-local listens on ${ONLY_HOST} only`);
        }
        break;
      case "--exit-with-stdin":
        options.exitWithStdin = true;
        break;
      case "--trace":
        options.trace = true;
        break;
      case "--help":
      case "-h":
        options.help = true;
        break;
      default:
        throw new UsageError(`unknown option ${JSON.stringify(arg)}`);
    }
  }
  return options;
}

module.exports = { parseOptions, UsageError, USAGE };
