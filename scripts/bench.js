#!/usr/bin/env node
// Times `lz synth` on a generated organization of about 300 accounts (the example org plus
// generated products), as whole processes: median of N runs. Usage: node scripts/bench.js [RUNS] [PRODUCTS]
'use strict';
const { mkdtempSync, rmSync } = require('node:fs');
const { generateOrganization } = require('./generate-org');
const { execFileSync } = require('node:child_process');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const runs = Number(process.argv[2] ?? 5);
const products = Number(process.argv[3] ?? 96);
const repo = join(__dirname, '..');
const lz = join(repo, 'bin', 'lz.js');

function time(args, cwd) {
  const started = process.hrtime.bigint();
  execFileSync(process.execPath, [lz, ...args], { cwd, stdio: 'pipe' });
  return Number(process.hrtime.bigint() - started) / 1e9;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const dir = process.env.LZ_BENCH_DIR ?? mkdtempSync(join(tmpdir(), 'lz-bench-'));
try {
  generateOrganization(dir, products);
  const accounts = execFileSync(process.execPath, [lz, 'validate'], { cwd: dir, encoding: 'utf8' }).trim();
  console.log(`bench: ${accounts}`);
  for (const [label, args] of [
    ['lz validate', ['validate']],
    ['lz synth (all stacks)', ['synth']],
    ['lz synth organization', ['synth', 'organization']],
  ]) {
    const times = Array.from({ length: runs }, () => time(args, dir));
    console.log(`bench: ${label.padEnd(24)} median ${median(times).toFixed(2)} s  (min ${Math.min(...times).toFixed(2)}, max ${Math.max(...times).toFixed(2)}, ${runs} runs)`);
  }
} finally {
  if (!process.env.LZ_BENCH_DIR) rmSync(dir, { recursive: true, force: true });
}
