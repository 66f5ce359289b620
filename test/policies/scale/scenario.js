// The scenario the scale test replays: a generated organization committed as `main`, then a
// one-line SCP change (CloudTrail StopLogging no longer protected), a role template change
// (the deploy role gains kms:*) and an account moved from the Sandbox OU to Workloads/NonProd in
// the working tree.
'use strict';
const { execFileSync } = require('node:child_process');
const { mkdirSync, readdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { generateOrganization } = require('../../../scripts/generate-org.js');

/** Products of three accounts each (15 accounts on top of the example's): classes of several members, small enough for the pair-by-pair reference. */
const PRODUCTS = 5;

function edit(dir, file, from, to) {
  const path = join(dir, file);
  const text = readFileSync(path, 'utf8');
  if (!text.includes(from)) throw new Error(`scenario: ${file} no longer contains ${JSON.stringify(from)}`);
  writeFileSync(path, text.replace(from, to));
}

/** Writes the organization into `dir` (empty), commits it as main, then changes the working tree. */
function prepare(dir, products = PRODUCTS) {
  mkdirSync(dir, { recursive: true });
  if (products > 0) generateOrganization(dir, products);
  else {
    const repo = join(__dirname, '..', '..', '..');
    const { cpSync } = require('node:fs');
    cpSync(join(repo, 'config'), join(dir, 'config'), { recursive: true });
    cpSync(join(repo, 'policies'), join(dir, 'policies'), { recursive: true });
    cpSync(join(repo, 'products'), join(dir, 'products'), { recursive: true, filter: (src) => !src.endsWith('.test.ts') });
  }
  const git = (...args) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('-c', 'user.email=test@example.com', '-c', 'user.name=test', 'commit', '-q', '-m', 'base');
  // The SCP that protects CloudTrail, wherever the SCP layout keeps it.
  const stop = '        "cloudtrail:StopLogging",\n';
  const scp = readdirSync(join(dir, 'policies', 'scp')).find((f) => f.endsWith('.json') && readFileSync(join(dir, 'policies', 'scp', f), 'utf8').includes(stop));
  if (!scp) throw new Error('scenario: no SCP lists cloudtrail:StopLogging any more');
  edit(dir, `policies/scp/${scp}`, stop, '');
  edit(dir, 'policies/roles/deploy-identity.json', '        "acm:*",\n', '        "acm:*",\n        "kms:*",\n');
  // An account moved to another OU: other SCPs bind its principals, so the diff asks them everything.
  edit(dir, 'config/products/analytics.yaml', 'email: aws+analytics-sandbox@acme.example\n    ou: Sandbox\n', 'email: aws+analytics-sandbox@acme.example\n    ou: Workloads/NonProd\n');
}

/** The parts of a diff's JSON that name the base commit, which differs per run. */
function stableDiff(json) {
  const d = JSON.parse(json);
  d.base = d.base.replace(/\([0-9a-f]{12}\)/, '(COMMIT)');
  return d;
}

module.exports = { PRODUCTS, prepare, stableDiff };
