#!/usr/bin/env node
// Rewrites the generated sections of README.md: the config reference (from the schema) and the
// Parameter Store contract (from the contract). Needs dist/ (npm run build).
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { configReference } = require('../dist/src/config/reference.js');
const { contractTable } = require('../dist/src/contract/parameters.js');
const { stageContractTable } = require('../dist/src/contract/stages.js');

const file = join(__dirname, '..', 'README.md');
let text = readFileSync(file, 'utf8');
for (const [name, body] of [
  ['config-reference', configReference()],
  ['parameter-contract', `${contractTable()}\n`],
  ['stage-contract', `${stageContractTable()}\n`],
]) {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error(`README.md has no ${name} markers`);
  text = `${text.slice(0, a + start.length)}\n${body}${text.slice(b)}`;
}
writeFileSync(file, text);
