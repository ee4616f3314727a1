"use strict";

// The one place that reaches into @vercel/cosmosdb-server. Its internals are
// patched, so the launcher refuses to run on any version but the pinned one.

const PACKAGE = "@vercel/cosmosdb-server";
const PINNED_VERSION = "1.0.1";

function assertPinnedVersion() {
  const { version } = require(`${PACKAGE}/package.json`);
  if (version !== PINNED_VERSION) {
    throw new Error(
      `${PACKAGE} ${version} is installed, but the corrections are written for ${PINNED_VERSION}; run \`npm ci\` in tools/cosmos-local`
    );
  }
}

function internal(modulePath) {
  return require(`${PACKAGE}/lib/${modulePath}`);
}

function routerLoaded() {
  return Object.keys(require.cache).some(file =>
    /@vercel[\\/]cosmosdb-server[\\/]lib[\\/]routes\.js$/.test(file)
  );
}

// The package builds its route table from each handler module's `default`
// export when lib/routes.js is first loaded, so handlers must be replaced
// before that. `makeHandler` receives the original handler.
function replaceHandler(name, makeHandler) {
  if (routerLoaded()) {
    throw new Error(`cannot replace handler ${name}: the router is already loaded`);
  }
  const mod = internal(`handler/${name}`);
  mod.default = makeHandler(mod.default);
}

function createHttpServer(options) {
  return require(PACKAGE).createHttpServer(options);
}

module.exports = { assertPinnedVersion, internal, replaceHandler, createHttpServer };
