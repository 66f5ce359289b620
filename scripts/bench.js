#!/usr/bin/env node
// The benchmark: lz commands as whole processes on generated organizations (the example plus
// generated products of three accounts each), reporting per case the median, min and max wall time,
// the median CPU seconds and the peak resident memory of the process and its workers together (CPU
// reads the same on a busy machine; wall does not), and writing JSON to compare across commits.
// `npm run bench` builds first. The 1,000-account figures of synth alone:
// `node scripts/bench.js --accounts 1000 --cases clean,incremental`.
//
//   node scripts/bench.js [--accounts 100,300,1000] [--runs 3] [--json FILE] [--budget SECONDS]
//                         [--timeout SECONDS] [--cases clean,incremental,...]
//
// Cases: clean (lz synth into an empty folder), incremental (lz synth after a change to one
// product), deploy-dry-run (lz deploy --dry-run), lint, diff (lz policy diff --base HEAD of a
// one-line SCP change, building the base each run), diff-warm (the same with the base cached), prove, deploy (lz deploy --parallelism 16 of the synthesized stacks with the
// stand-in terraform, from a fresh state each run, its applies as long as
// test/support/landing-zone-durations.js says; reported with the best any scheduler could do and
// the ratio). --budget bounds the whole run: when it is spent, the remaining runs are skipped and
// reported as such; a case slower than --timeout is stopped and reported as timed out.
'use strict';
const { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } = require('node:fs');
const { spawn, execFileSync } = require('node:child_process');
const { tmpdir } = require('node:os');
const { dirname, join } = require('node:path');
const { generateOrganization } = require('./generate-org');

const repo = join(__dirname, '..');
const lz = join(repo, 'bin', 'lz.js');
const standIn = join(repo, 'test', 'support', 'stand-in-terraform.js');
const standInSh = join(repo, 'test', 'support', 'stand-in-terraform.sh');
const EXAMPLE_ACCOUNTS = 12;

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}
const sizes = option('accounts', '100,300,1000').split(',').map(Number);
const runs = Number(option('runs', '3'));
const budget = Number(option('budget', '0')) * 1000 || Infinity;
const timeout = Number(option('timeout', '600')) * 1000;
const only = option('cases', '') ? new Set(option('cases', '').split(',')) : undefined;
const jsonFile = option('json', join(repo, '.lz', 'bench', `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`));
const started = Date.now();

/** RSS in kB of `pid` and all its descendants, from /proc (Linux); undefined elsewhere. */
function treeRss(pid) {
  try {
    const parents = new Map();
    for (const p of readdirSync('/proc')) {
      if (!/^\d+$/.test(p)) continue;
      try {
        const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
        parents.set(Number(p), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      } catch {
        // the process ended meanwhile
      }
    }
    let total = 0;
    const add = (id) => {
      try {
        const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${id}/status`, 'utf8'));
        if (m) total += Number(m[1]);
      } catch {
        // ended meanwhile
      }
      for (const [child, parent] of parents) if (parent === id) add(child);
    };
    add(pid);
    return total;
  } catch {
    return undefined;
  }
}

/** Clock ticks per second of /proc's times (USER_HZ: 100 on Linux). */
const TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/**
 * CPU seconds (user + system) of the children this process has waited for, with theirs (cutime and
 * cstime of /proc/self/stat): the difference across a run is the run's processes' CPU, workers
 * included, whatever else loads the machine. Undefined where there is no /proc.
 */
function childrenCpu() {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) / TICKS;
  } catch {
    return undefined;
  }
}

/** Runs one whole process; resolves with wall seconds, CPU seconds and peak RSS in MB of its process tree, exit code and stderr's first line. */
function run(args, cwd, env = {}) {
  return new Promise((resolve) => {
    const cpu0 = childrenCpu();
    const t0 = process.hrtime.bigint();
    // Its own process group, so a timed-out run ends with everything it started (lz deploy's
    // terraform processes too): none may still write into the folder the benchmark then removes.
    const child = spawn(process.execPath, [lz, ...args], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
    let peak = 0;
    const sample = () => {
      const rss = treeRss(child.pid);
      if (rss !== undefined) peak = Math.max(peak, rss);
    };
    const sampler = setInterval(sample, 100);
    let timedOut = false;
    const killer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, timeout);
    child.on('close', (code) => {
      clearInterval(sampler);
      clearTimeout(killer);
      const wall = Number(process.hrtime.bigint() - t0) / 1e9;
      const cpu1 = childrenCpu();
      const cpu = cpu0 === undefined || cpu1 === undefined ? null : Number((cpu1 - cpu0).toFixed(2));
      resolve({ wall, cpu, peakMb: peak ? Math.round(peak / 1024) : null, code, timedOut, error: stderr.trim().split('\n')[0] });
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const git = (args, cwd) => execFileSync('git', args, { cwd, stdio: 'pipe', encoding: 'utf8' });

/** The cases, each with what it runs before every run (untimed) and the command. */
function cases(dir) {
  const products = readdirSync(join(dir, 'config', 'products')).filter((f) => f.endsWith('.yaml')).sort();
  const product = join(dir, 'config', 'products', products.includes('gen000.yaml') ? 'gen000.yaml' : products[0]);
  let flip = 0;
  const scp = join(dir, 'policies', 'scp', 'deny-leave-organization.json');
  const scpText = readFileSync(scp, 'utf8');
  const scpChanged = scpText.replace('"organizations:LeaveOrganization"', '["organizations:LeaveOrganization", "organizations:DeleteOrganization"]');
  return [
    { name: 'clean', label: 'lz synth, clean', before: () => rmSync(join(dir, 'cdktf.out'), { recursive: true, force: true }), args: ['synth'] },
    {
      name: 'incremental',
      label: 'lz synth, one product changed',
      before: () => writeFileSync(product, readFileSync(product, 'utf8').replace(/costCentre: \S+/, `costCentre: CC-bench-${flip++}`)),
      args: ['synth'],
    },
    { name: 'deploy-dry-run', label: 'lz deploy --dry-run', args: ['deploy', '--dry-run', '--skip-preflight'] },
    { name: 'lint', label: 'lz policy lint', args: ['policy', 'lint'] },
    // Cold: the base is built every run, as in a pull request's first review in a fresh clone (the
    // base's documents are cached in the git directory by commit; removed before each run). Warm:
    // the same diff again, the base read from that cache, as when a reviewer reruns it.
    {
      name: 'diff',
      label: 'lz policy diff --base HEAD (one-line SCP change, base built)',
      before: () => {
        rmSync(join(dir, '.git', 'lz-policy-base'), { recursive: true, force: true });
        writeFileSync(scp, scpChanged);
      },
      after: () => writeFileSync(scp, scpText),
      args: ['policy', 'diff', '--base', 'HEAD', '--format', 'json'],
    },
    {
      name: 'diff-warm',
      label: 'lz policy diff --base HEAD (the same, base cached)',
      before: () => writeFileSync(scp, scpChanged),
      after: () => writeFileSync(scp, scpText),
      args: ['policy', 'diff', '--base', 'HEAD', '--format', 'json'],
    },
    { name: 'prove', label: 'lz policy prove', args: ['policy', 'prove'] },
    deployCase(dir),
  ].filter((c) => !only || only.has(c.name));
}

/**
 * lz deploy --parallelism 16 of every synthesized stack, a fresh deploy each run (the stand-in's
 * state and the stacks' inits removed before), through the stand-in's server (one process answers
 * every terraform invocation; lz runs its bash client), each apply as long as a landing zone's
 * (test/support/landing-zone-durations.js). --no-records: every stack is planned and applied, and
 * no state bucket is needed; every account has an id, so none is waited for. Reported beside the
 * best any scheduler could do with those durations on 16 lanes (src/deploy/schedule-bound.ts).
 */
function deployCase(dir) {
  const durations = join(repo, 'test', 'support', 'landing-zone-durations.js');
  const missing = [standIn, standInSh, durations].filter((f) => !existsSync(f));
  const env = { STAND_IN_STATE_DIR: join(dir, '.stand-in'), STAND_IN_NO_AWS: '1' };
  let server;
  return {
    name: 'deploy',
    label: 'lz deploy --parallelism 16 (stand-in terraform)',
    available: missing.length ? `not available: ${missing.join(', ')} missing` : undefined,
    args: ['deploy', '--parallelism', '16', '--skip-preflight', '--no-records', '--no-synth', '--terraform', standInSh, '--log-dir', join(dir, '.lz', 'logs')],
    env,
    async before() {
      env.STAND_IN_SLEEP = require(durations).STAND_IN_SLEEP;
      if (!existsSync(join(dir, 'cdktf.out', 'stacks'))) execFileSync(process.execPath, [lz, 'synth'], { cwd: dir, stdio: 'ignore' });
      rmSync(env.STAND_IN_STATE_DIR, { recursive: true, force: true });
      for (const stack of readdirSync(join(dir, 'cdktf.out', 'stacks'))) {
        for (const f of ['.terraform', '.terraform.lock.hcl', 'lz.tfplan', 'lz.tfplan.json']) rmSync(join(dir, 'cdktf.out', 'stacks', stack, f), { recursive: true, force: true });
      }
      server = spawn(process.execPath, [standIn, '--serve'], { stdio: ['ignore', 'pipe', 'inherit'] });
      env.STAND_IN_SERVER = await new Promise((resolve, reject) => {
        let out = '';
        server.on('exit', (code) => reject(new Error(`the stand-in server exited with ${code}`)));
        server.stdout.on('data', (d) => {
          const m = /STAND_IN_SERVER=(\d+)\n/.exec((out += d));
          if (m) resolve(m[1]);
        });
      });
    },
    async after() {
      server.removeAllListeners('exit');
      await new Promise((resolve) => (server.exitCode !== null ? resolve() : (server.once('exit', resolve), server.kill('SIGTERM'))));
    },
    /** The bound and the ratio of the median to it, into the JSON and the line printed. */
    report(entry) {
      const { loadLandingZone } = require(join(repo, 'dist', 'src', 'config', 'load'));
      const { stackDefinitions } = require(join(repo, 'dist', 'stacks'));
      const { scheduleBound } = require(join(repo, 'dist', 'src', 'deploy', 'schedule-bound'));
      const { applyMs } = require(durations);
      const definitions = stackDefinitions(loadLandingZone(join(dir, 'config')));
      const bound = scheduleBound(definitions.map((d) => ({ name: d.name, dependsOn: d.dependsOn, ms: applyMs(d.name) })), 16);
      entry.stacks = definitions.length;
      entry.bound = Number((bound.ms / 1000).toFixed(2));
      entry.boundWhich = bound.which;
      entry.boundWhy = bound.why;
      if (entry.median) entry.ratio = Number((entry.median / entry.bound).toFixed(3));
      return `${entry.stacks} stacks; best any schedule could do ${entry.bound.toFixed(2)} s (${bound.which === 'lanes' ? 'lanes' : 'longest chain'})${entry.ratio ? `; median / best ${entry.ratio}` : ''}`;
    },
  };
}

async function main() {
  const results = { started: new Date(started).toISOString(), node: process.version, commit: tryGit(['rev-parse', 'HEAD'], repo), sizes: [] };
  for (const accounts of sizes) {
    const products = Math.max(0, Math.round((accounts - EXAMPLE_ACCOUNTS) / 3));
    const dir = mkdtempSync(join(tmpdir(), `lz-bench-${accounts}-`));
    try {
      generateOrganization(dir, products);
      git(['init', '-q', '-b', 'main'], dir);
      git(['-c', 'user.email=bench@example.com', '-c', 'user.name=bench', 'add', '-A'], dir);
      git(['-c', 'user.email=bench@example.com', '-c', 'user.name=bench', 'commit', '-q', '-m', 'generated organization'], dir);
      const size = { accounts: EXAMPLE_ACCOUNTS + products * 3, products, cases: [] };
      results.sizes.push(size);
      console.log(`bench: ${size.accounts} accounts (${products} generated products)`);
      for (const c of cases(dir)) {
        const entry = { name: c.name, label: c.label, runs: [] };
        size.cases.push(entry);
        if (c.available) {
          entry.note = c.available;
        } else {
          if (c.name === 'incremental') await run(['synth'], dir); // the output it changes
          for (let i = 0; i < runs; i++) {
            if (Date.now() - started > budget) {
              entry.note = `budget of ${budget / 1000} s spent: ${entry.runs.length} of ${runs} runs`;
              break;
            }
            await c.before?.();
            const r = await run(c.args, dir, c.env);
            await c.after?.();
            entry.runs.push(r);
            if (r.timedOut) {
              entry.note = `timed out after ${timeout / 1000} s`;
              break;
            }
            if (r.code !== 0 && !(c.name.startsWith('diff') && r.code === 3) && !(c.name === 'prove' && r.code === 1) && !(c.name === 'lint' && r.code === 2)) {
              entry.note = `exit ${r.code}: ${r.error}`;
              break;
            }
          }
        }
        const walls = entry.runs.filter((r) => !r.timedOut).map((r) => r.wall);
        if (walls.length) {
          entry.median = Number(median(walls).toFixed(2));
          entry.min = Number(Math.min(...walls).toFixed(2));
          entry.max = Number(Math.max(...walls).toFixed(2));
          entry.peakMb = Math.max(...entry.runs.map((r) => r.peakMb ?? 0)) || null;
          const cpus = entry.runs.filter((r) => !r.timedOut && r.cpu !== null).map((r) => r.cpu);
          entry.cpu = cpus.length ? Number(median(cpus).toFixed(2)) : null;
        }
        const figures = walls.length ? `median ${entry.median.toFixed(2)} s (min ${entry.min.toFixed(2)}, max ${entry.max.toFixed(2)}, ${walls.length} runs), cpu ${entry.cpu?.toFixed(2) ?? '?'} s, peak ${entry.peakMb ?? '?'} MB` : '';
        const reported = !c.available && c.report ? c.report(entry) : undefined;
        console.log(`bench:   ${c.label.padEnd(50)} ${[figures, reported, entry.note].filter(Boolean).join('; ')}`);
      }
      const clean = size.cases.find((c) => c.name === 'clean');
      const incremental = size.cases.find((c) => c.name === 'incremental');
      if (clean?.median && incremental?.median) {
        size.incrementalVsClean = Number((incremental.median / clean.median).toFixed(3));
        console.log(`bench:   incremental / clean synth: ${size.incrementalVsClean}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    }
  }
  mkdirSync(dirname(jsonFile), { recursive: true });
  writeFileSync(jsonFile, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`bench: results in ${jsonFile} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
}

function tryGit(args, cwd) {
  try {
    return git(args, cwd).trim();
  } catch {
    return null;
  }
}

main().catch((e) => {
  console.error(`bench: ${e.message}`);
  process.exit(1);
});
