#!/usr/bin/env node
// The IAM analysis gate: cloudsplaining (BSD-3-Clause, a test-time peer in .venv) reads every
// identity policy the landing zone renders, once per template, for privilege escalation, data
// exfiltration, resource exposure and credentials exposure. Each finding is either fixed or
// accepted next to the document's template with a reason:
//   policies/roles/deploy-identity.json   ->  policies/roles/deploy-identity.cloudsplaining.yaml
//   a document built in code (stack/name) ->  policies/<stack>/<name>.cloudsplaining.yaml
// An accepted finding that no longer occurs is an error too, so the files stay true.
//
// Usage: node scripts/cloudsplaining.js [--out SYNTH_OUTPUT] [--project DIR]
//   --out      a synth output folder holding policies/index.json (default: synthesize the project's config)
//   --project  the project whose policies/ holds the acceptance files (default: this repository)
// Exit codes: 0 every finding accepted, 1 unaccepted or stale findings, 2 bad acceptance files or setup.
'use strict';
const { execFileSync, spawnSync } = require('node:child_process');
const { existsSync, mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const { parse } = require('yaml');

const RISKS = ['PrivilegeEscalation', 'DataExfiltration', 'ResourceExposure', 'CredentialsExposure'];

// Reads a JSON list of policy documents on stdin; writes, per document, its findings per risk.
const SCANNER = `
import json, sys
from cloudsplaining.command.scan_policy_file import scan_policy
out = []
for doc in json.load(sys.stdin):
    r = scan_policy(doc)
    found = {}
    for risk in ${JSON.stringify(RISKS)}:
        items = r.get(risk, {}).get('findings', [])
        found[risk] = sorted(set(i['type'] if isinstance(i, dict) else i for i in items))
    out.append(found)
json.dump(out, sys.stdout)
`;

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}

function fail(code, lines) {
  for (const line of lines) process.stderr.write(`${line}\n`);
  process.exit(code);
}

/** Where a document's acceptances live, relative to the project. */
function acceptanceFile(entry) {
  const template = entry.template ?? entry.file;
  const base = template.startsWith('policies/') ? template : `policies/${template}`;
  return base.replace(/\.json$/, '.cloudsplaining.yaml');
}

/** The acceptances in one file: risk -> finding -> reason. */
function readAcceptances(project, file) {
  const path = join(project, file);
  const accepted = new Map();
  if (!existsSync(path)) return accepted;
  const problems = [];
  let entries;
  try {
    entries = parse(readFileSync(path, 'utf8'));
  } catch (e) {
    fail(2, [`${file}: not valid YAML (${String(e.message).split('\n')[0]}); write a list of { risk, findings, reason }`]);
  }
  if (!Array.isArray(entries)) fail(2, [`${file}: must be a list of { risk, findings, reason }`]);
  entries.forEach((e, i) => {
    const at = `${file} entry ${i + 1}`;
    if (!e || typeof e !== 'object') return problems.push(`${at}: must be a mapping with risk, findings and reason`);
    if (!RISKS.includes(e.risk)) problems.push(`${at}: risk ${JSON.stringify(e.risk)} is not one of ${RISKS.join(', ')}`);
    if (!Array.isArray(e.findings) || !e.findings.length || !e.findings.every((f) => typeof f === 'string')) problems.push(`${at}: findings must list the findings accepted, by name`);
    if (typeof e.reason !== 'string' || e.reason.trim().length < 20) problems.push(`${at}: needs a reason (why this is acceptable here), at least a sentence`);
    if (problems.length) return;
    const byFinding = accepted.get(e.risk) ?? new Map();
    for (const f of e.findings) byFinding.set(f, e.reason.trim());
    accepted.set(e.risk, byFinding);
  });
  if (problems.length) fail(2, problems);
  return accepted;
}

function main() {
  const repo = resolve(__dirname, '..');
  const project = resolve(option('project', repo));
  const python = join(repo, '.venv', 'bin', 'python');
  if (!existsSync(python)) fail(2, [`cloudsplaining: ${python} is missing; run bash scripts/install-python-peers.sh (it installs moto and cloudsplaining into .venv)`]);

  let out = option('out');
  let temp;
  if (!out) {
    temp = mkdtempSync(join(tmpdir(), 'lz-cloudsplaining-'));
    out = join(temp, 'cdktf.out');
    execFileSync(process.execPath, [join(repo, 'bin', 'lz.js'), 'synth', '--out', out], { cwd: project, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  try {
    const index = JSON.parse(readFileSync(join(out, 'policies', 'index.json'), 'utf8'));
    // One document per template: the same template rendered per account has the same actions.
    const byTemplate = new Map();
    for (const entry of index.filter((e) => e.kind === 'identity-policy')) {
      const key = acceptanceFile(entry);
      const seen = byTemplate.get(key);
      if (seen) seen.count += 1;
      else byTemplate.set(key, { entry, count: 1 });
    }
    const groups = [...byTemplate.entries()].sort(([a], [b]) => a.localeCompare(b));
    const documents = groups.map(([, g]) => JSON.parse(readFileSync(join(out, 'policies', g.entry.file), 'utf8')));
    const scan = spawnSync(python, ['-c', SCANNER], { input: JSON.stringify(documents), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (scan.status !== 0) fail(2, [`cloudsplaining: the scanner failed (exit ${scan.status}): ${(scan.stderr || '').trim().split('\n').pop()}`]);
    const results = JSON.parse(scan.stdout);

    const problems = [];
    let accepted = 0;
    groups.forEach(([file, g], i) => {
      const acceptances = readAcceptances(project, file);
      const name = `${g.entry.file}${g.count > 1 ? ` (and ${g.count - 1} more from the same template)` : ''}`;
      for (const risk of RISKS) {
        const found = results[i][risk];
        const ok = acceptances.get(risk) ?? new Map();
        const open = found.filter((f) => !ok.has(f));
        accepted += found.length - open.length;
        if (open.length) problems.push(`${name}: ${risk}: ${open.join(', ')}; narrow the template, or accept them in ${file} under risk ${risk} with the reason`);
        const stale = [...ok.keys()].filter((f) => !found.includes(f));
        if (stale.length) problems.push(`${file}: ${risk}: ${stale.join(', ')} accepted but no longer found in ${g.entry.file}; remove them from the file`);
      }
    });
    if (problems.length) fail(1, [...problems, `${problems.length} problem${problems.length === 1 ? '' : 's'}: cloudsplaining findings must be fixed or accepted with a reason`]);
    process.stdout.write(`cloudsplaining: ${groups.length} identity policy templates (${index.filter((e) => e.kind === 'identity-policy').length} documents): ${accepted} findings, each accepted with its reason; none open\n`);
  } finally {
    if (temp) rmSync(temp, { recursive: true, force: true });
  }
}

main();
