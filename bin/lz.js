#!/usr/bin/env node
// The `lz` command. It runs the compiled JavaScript; `npm run build` writes dist/.
try {
  require.resolve('../dist/src/cli/main.js');
} catch {
  process.stderr.write('lz: dist/ is missing; run `npm run build` (or `npm ci`, which builds) first\n');
  process.exit(1);
}
require('../dist/src/cli/main.js').cli();
