#!/usr/bin/env node
// Times `lz synth` on a generated organization of about 300 accounts (the example org plus
// generated products), as whole processes: median of N runs. Usage: node scripts/bench.js [RUNS] [PRODUCTS]
'use strict';
const { cpSync, mkdtempSync, rmSync, writeFileSync, readFileSync } = require('node:fs');
const { execFileSync } = require('node:child_process');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const runs = Number(process.argv[2] ?? 5);
const products = Number(process.argv[3] ?? 96);
const repo = join(__dirname, '..');
const lz = join(repo, 'bin', 'lz.js');

function generate(dir) {
  cpSync(join(repo, 'config'), join(dir, 'config'), { recursive: true });
  cpSync(join(repo, 'policies'), join(dir, 'policies'), { recursive: true });
  const lock = [readFileSync(join(dir, 'config', 'accounts.lock.yaml'), 'utf8').trimEnd()];
  for (let p = 0; p < products; p++) {
    const name = `gen${String(p).padStart(3, '0')}`;
    const envs = ['prod', 'staging', 'dev'].map((env, e) => {
      const id = String(600000000000 + p * 10 + e);
      lock.push(`  ${name}-${env}: { id: "${id}", email: aws+${name}-${env}@acme.example, ouPath: ${env === 'prod' ? 'Workloads/Prod' : 'Workloads/NonProd'}, status: ACTIVE }`);
      return [
        `  ${env}:`,
        `    account: { name: ${name}-${env}, email: aws+${name}-${env}@acme.example }`,
        `    ou: ${env === 'prod' ? 'Workloads/Prod' : 'Workloads/NonProd'}`,
        '    regions: [eu-west-1]',
        `    segment: ${env === 'prod' ? 'prod' : 'nonprod'}`,
        `    vpc: { cidr: 10.${100 + Math.floor(p / 2)}.${(p % 2) * 128 + e * 32}.0/19 }`,
      ].join('\n');
    });
    writeFileSync(
      join(dir, 'config', 'products', `${name}.yaml`),
      `name: ${name}\nowner: { team: Team ${p}, email: ${name}@acme.example }\ncostCentre: CC-${p}\nenvironments:\n${envs.join('\n')}\n`,
    );
  }
  writeFileSync(join(dir, 'config', 'accounts.lock.yaml'), `${lock.join('\n')}\n`);
}

function time(args, cwd) {
  const started = process.hrtime.bigint();
  execFileSync(process.execPath, [lz, ...args], { cwd, stdio: 'pipe' });
  return Number(process.hrtime.bigint() - started) / 1e9;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const dir = process.env.LZ_BENCH_DIR ?? mkdtempSync(join(tmpdir(), 'lz-bench-'));
try {
  generate(dir);
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
