#!/usr/bin/env node
/**
 * A stand-in for the `terraform` executable, for tests and the benchmark: no AWS provider can be
 * downloaded here, so nothing can really plan or apply. It answers the commands `lz deploy` and
 * `lz plan` run, the way Terraform 1.10 does, against a state of its own:
 *
 *   terraform [-chdir=DIR] version -json
 *   terraform [-chdir=DIR] init [-input=false] ...          creates DIR/.terraform/
 *   terraform [-chdir=DIR] plan [-input=false] -out=FILE    writes the saved plan (exit 0)
 *   terraform [-chdir=DIR] show -json FILE                  the plan as JSON (resource_changes)
 *   terraform [-chdir=DIR] apply [-input=false] [-auto-approve] [FILE]
 *
 * The stack is the name of DIR (cdktf.out/stacks/<stack>). The plan compares DIR/cdk.tf.json with
 * the stand-in's state of the stack: a resource not in state is created (or imported, when an
 * import block names it), one whose configuration changed is updated, one in state but no longer
 * in the configuration is deleted. Applying a saved plan fails, as Terraform does, when the state
 * changed since the plan was made. Applying the organization stack creates its organization, OUs
 * and accounts in the AWS API at AWS_ENDPOINT_URL (moto server), so that lz's real
 * wait-and-record step finds them.
 *
 * Cues, all optional, from the environment:
 *   STAND_IN_LOG=FILE          append one JSON line per invocation: stack, command, argv, cwd,
 *                              start and end (ms since the epoch), exit code, env of interest
 *   STAND_IN_STATE_DIR=DIR     where the state of each stack is kept (default: DIR/.terraform)
 *   STAND_IN_SLEEP_MS=N        sleep N ms in every apply; STAND_IN_PLAN_SLEEP_MS=N in every plan
 *   STAND_IN_SLEEP=S=N,P*=N    per stack (a trailing * matches a prefix), for apply
 *   STAND_IN_FAIL=S[:CMD],...  fail (exit 1) for stack S, in CMD (default apply)
 *   STAND_IN_CHANGES=JSON|FILE { "<stack>": [{ "address", "type", "actions": ["delete", "create"] }] }
 *                              extra resource changes that stack's plan shows (and apply does)
 *   STAND_IN_VERSION=1.10.5    the version it reports
 *   STAND_IN_NO_AWS=1          the organization stack's apply creates nothing in the AWS API
 *
 * Run as `node stand-in-terraform.js ...`, every invocation is a node process (50-100 ms of CPU
 * before it does anything): fine for a few stacks, but at 300 stacks lz runs ~1,200 of them and
 * the stand-in's start-up, not lz's schedule, would bound the run. For that, `--serve` keeps one
 * process that answers every invocation, and test/support/stand-in-terraform.sh (bash, a few ms
 * to start) is the executable lz runs: it sends argv, the working directory and the variables
 * the stand-in reads (STAND_IN_*, AWS_*, TF_*) to the port in STAND_IN_SERVER and prints what
 * comes back. Same answers, same state, same cues, same log: only where the work runs differs.
 * Without STAND_IN_SERVER, stand-in-terraform.sh runs this script as a process of its own.
 *
 *   node stand-in-terraform.js --serve     listens on 127.0.0.1, prints `STAND_IN_SERVER=<port>`
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');

/** How an invocation ends early (Terraform's exit code), in place of process.exit: the server answers many. */
class Exit extends Error {
  constructor(code) {
    super(`exit ${code}`);
    this.code = code;
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const hash = (value) => crypto.createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);
let temps = 0;

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/**
 * One terraform invocation: `argv` after the executable, in working directory `cwd`, with
 * environment `env`. Resolves with the exit code and what it printed.
 */
async function invoke({ argv: all, cwd, env }) {
  const started = Date.now();
  const argv = [...all];
  let dir = cwd;
  while (argv[0] && argv[0].startsWith('-chdir=')) dir = path.resolve(cwd, argv.shift().slice('-chdir='.length));
  const command = argv[0] ?? '';
  const args = argv.slice(1);
  const stack = path.basename(dir);
  let stdout = '';
  let stderr = '';
  const print = (text) => void (stdout += text);

  function log(exit, extra = {}) {
    if (!env.STAND_IN_LOG) return;
    const interesting = {};
    for (const k of ['AWS_ENDPOINT_URL', 'AWS_REGION', 'AWS_PROFILE', 'TF_IN_AUTOMATION', 'TF_INPUT', 'TF_CLI_ARGS', 'TF_LOG']) {
      if (env[k] !== undefined) interesting[k] = env[k];
    }
    const line = { stack, command, argv: all, cwd, dir, start: started, end: Date.now(), exit, env: interesting, ...extra };
    fs.appendFileSync(env.STAND_IN_LOG, `${JSON.stringify(line)}\n`);
  }

  function fail(message, code = 1) {
    stderr += `\nError: ${message}\n\n`;
    log(code, { error: message });
    throw new Exit(code);
  }

  function cuedFailure(cmd) {
    for (const cue of (env.STAND_IN_FAIL ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
      const [name, on = 'apply'] = cue.split(':');
      if (name === stack && on === cmd) return true;
    }
    return false;
  }

  function sleepMs(cmd) {
    if (cmd === 'plan') return Number(env.STAND_IN_PLAN_SLEEP_MS ?? 0);
    for (const cue of (env.STAND_IN_SLEEP ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
      const [pattern, ms] = cue.split('=');
      if (pattern === stack || (pattern.endsWith('*') && stack.startsWith(pattern.slice(0, -1)))) return Number(ms);
    }
    return Number(env.STAND_IN_SLEEP_MS ?? 0);
  }

  function stateFile() {
    const base = env.STAND_IN_STATE_DIR ? path.resolve(env.STAND_IN_STATE_DIR) : path.join(dir, '.terraform');
    return env.STAND_IN_STATE_DIR ? path.join(base, `${stack}.json`) : path.join(base, 'stand-in-state.json');
  }

  function readState() {
    const file = stateFile();
    return fs.existsSync(file) ? readJson(file) : { serial: 0, resources: {} };
  }

  function writeState(state) {
    const file = stateFile();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.${++temps}.tmp`;
    fs.writeFileSync(temp, JSON.stringify(state, null, 1));
    fs.renameSync(temp, file);
  }

  function configuration() {
    const file = path.join(dir, 'cdk.tf.json');
    if (!fs.existsSync(file)) fail(`No configuration files: ${file} does not exist`);
    return readJson(file);
  }

  function extraChanges() {
    const raw = env.STAND_IN_CHANGES;
    if (!raw) return [];
    const all = raw.trim().startsWith('{') ? JSON.parse(raw) : readJson(raw);
    return all[stack] ?? [];
  }

  /** The resource changes from configuration against state, as `terraform show -json` lists them. */
  function planChanges(config, state) {
    const imports = new Map((config.import ?? []).map((i) => [i.to, i.id]));
    const desired = new Map();
    for (const [type, byName] of Object.entries(config.resource ?? {})) {
      for (const [name, body] of Object.entries(byName)) desired.set(`${type}.${name}`, { type, name, body });
    }
    const changes = [];
    for (const [address, { type, name, body }] of desired) {
      const now = state.resources[address];
      const h = hash(body);
      let actions;
      let importing;
      if (!now) {
        if (imports.has(address)) {
          actions = ['no-op'];
          importing = { id: imports.get(address) };
        } else actions = ['create'];
      } else actions = now.hash === h ? ['no-op'] : ['update'];
      changes.push({ address, mode: 'managed', type, name, hash: h, change: { actions, ...(importing ? { importing } : {}) } });
    }
    for (const [address, now] of Object.entries(state.resources)) {
      if (!desired.has(address)) changes.push({ address, mode: 'managed', type: now.type, name: address.split('.')[1], change: { actions: ['delete'] } });
    }
    for (const extra of extraChanges()) {
      const i = changes.findIndex((c) => c.address === extra.address);
      const change = { address: extra.address, mode: 'managed', type: extra.type ?? extra.address.split('.')[0], name: extra.address.split('.')[1], change: { actions: extra.actions } };
      if (i >= 0) changes[i] = { ...changes[i], change: change.change };
      else changes.push(change);
    }
    return changes.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  }

  function showJson(plan) {
    return {
      format_version: '1.2',
      terraform_version: env.STAND_IN_VERSION ?? '1.10.5',
      resource_changes: plan.changes.map(({ hash: _h, ...c }) => ({ ...c, provider_name: 'registry.terraform.io/hashicorp/aws' })),
      errored: false,
    };
  }

  function summary(changes) {
    const count = (pred) => changes.filter((c) => pred(c.change.actions)).length;
    const replaced = count((a) => a.includes('delete') && a.includes('create'));
    const add = count((a) => a.includes('create'));
    const change = count((a) => a.length === 1 && a[0] === 'update');
    const destroy = count((a) => a.includes('delete'));
    const imported = changes.filter((c) => c.change.importing).length;
    return { add, change, destroy, imported, replaced };
  }

  /** The organization's effects in the AWS API (moto): organization, OUs, then accounts, one after another. */
  async function applyOrganization(changes, config, state) {
    const created = changes.filter((c) => c.change.actions.includes('create') && c.type.startsWith('aws_organizations_'));
    // STAND_IN_NO_AWS: keep the organization's resources in the stand-in state only, like any other
    // stack's (the benchmark's organizations have every account id already, so nothing is waited for).
    if (!created.length || env.STAND_IN_NO_AWS) return;
    if (!env.AWS_ENDPOINT_URL) fail('the stand-in creates organization resources in the AWS API at AWS_ENDPOINT_URL, which is not set');
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    const org = require('@aws-sdk/client-organizations');
    // The invocation's credentials (a server's own environment may be older than the caller's).
    const credentials = env.AWS_ACCESS_KEY_ID ? { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? '', sessionToken: env.AWS_SESSION_TOKEN } : undefined;
    const client = new org.OrganizationsClient({ endpoint: env.AWS_ENDPOINT_URL, region: env.AWS_REGION ?? 'us-east-1', maxAttempts: 1, ...(credentials ? { credentials } : {}) });
    try {
      try {
        await client.send(new org.DescribeOrganizationCommand({}));
      } catch (e) {
        if (e.name !== 'AWSOrganizationsNotInUseException') throw e;
        await client.send(new org.CreateOrganizationCommand({ FeatureSet: 'ALL' }));
      }
      const rootId = (await client.send(new org.ListRootsCommand({}))).Roots[0].Id;
      const imported = new Map((config.import ?? []).map((i) => [i.to, i.id]));
      const idOf = (reference) => {
        const m = /^\$\{(aws_organizations_organizational_unit\.[^.]+)\.id\}$/.exec(reference ?? '');
        if (m) return state.resources[m[1]]?.id ?? imported.get(m[1]);
        return rootId;
      };
      const bodyOf = (c) => config.resource[c.type][c.name];
      for (const c of created.filter((x) => x.type === 'aws_organizations_organizational_unit')) {
        const body = bodyOf(c);
        const ou = await client.send(new org.CreateOrganizationalUnitCommand({ ParentId: idOf(body.parent_id), Name: body.name }));
        state.resources[c.address] = { ...state.resources[c.address], id: ou.OrganizationalUnit.Id };
      }
      for (const c of created.filter((x) => x.type === 'aws_organizations_account')) {
        const body = bodyOf(c);
        const request = await client.send(new org.CreateAccountCommand({ AccountName: body.name, Email: body.email, RoleName: body.role_name }));
        let status = request.CreateAccountStatus;
        while (status.State === 'IN_PROGRESS') {
          await sleep(50);
          status = (await client.send(new org.DescribeCreateAccountStatusCommand({ CreateAccountRequestId: status.Id }))).CreateAccountStatus;
        }
        if (status.State !== 'SUCCEEDED') fail(`creating account ${body.name}: ${status.FailureReason}`);
        const parent = idOf(body.parent_id);
        if (parent && parent !== rootId) {
          await client.send(new org.MoveAccountCommand({ AccountId: status.AccountId, SourceParentId: rootId, DestinationParentId: parent }));
        }
        state.resources[c.address] = { ...state.resources[c.address], id: status.AccountId };
      }
    } finally {
      client.destroy();
    }
  }

  async function apply(plan) {
    const ms = sleepMs('apply');
    if (ms > 0) await sleep(ms);
    if (cuedFailure('apply')) fail(`stand-in apply of ${stack} failed on cue (STAND_IN_FAIL)`);
    const config = configuration();
    const state = readState();
    if (state.serial !== plan.serial) fail('Saved plan is stale\n\nThe given plan file can no longer be applied because the state was changed by another operation after the plan was created.');
    const next = { serial: state.serial + 1, resources: { ...state.resources } };
    if (stack === 'organization' || plan.changes.some((c) => c.type === 'aws_organizations_account')) await applyOrganization(plan.changes, config, next);
    for (const c of plan.changes) {
      const actions = c.change.actions;
      if (actions.length === 1 && actions[0] === 'delete') delete next.resources[c.address];
      else if (c.hash) next.resources[c.address] = { ...next.resources[c.address], type: c.type, hash: c.hash, ...(c.change.importing ? { id: c.change.importing.id } : {}) };
    }
    writeState(next);
    const s = summary(plan.changes);
    print(`\nApply complete! Resources: ${s.imported} imported, ${s.add} added, ${s.change} changed, ${s.destroy} destroyed.\n`);
  }

  function makePlan() {
    const config = configuration();
    const state = readState();
    return { standIn: 1, stack, serial: state.serial, configHash: hash(config), changes: planChanges(config, state) };
  }

  function option(name) {
    const prefix = `-${name}=`;
    const i = args.findIndex((a) => a === `-${name}` || a.startsWith(prefix));
    if (i < 0) return undefined;
    return args[i].startsWith(prefix) ? args[i].slice(prefix.length) : args[i + 1];
  }

  async function main() {
    switch (command) {
      case 'version':
      case '-version':
      case '--version': {
        const version = env.STAND_IN_VERSION ?? '1.10.5';
        if (args.includes('-json')) print(`${JSON.stringify({ terraform_version: version, platform: 'linux_amd64', provider_selections: {}, terraform_outdated: false }, null, 2)}\n`);
        else print(`Terraform v${version}\non linux_amd64\n`);
        break;
      }
      case 'init': {
        if (cuedFailure('init')) fail(`stand-in init of ${stack} failed on cue (STAND_IN_FAIL)`);
        configuration();
        fs.mkdirSync(path.join(dir, '.terraform'), { recursive: true });
        fs.writeFileSync(path.join(dir, '.terraform.lock.hcl'), '# stand-in provider lock\n');
        print('\nTerraform has been successfully initialized!\n');
        break;
      }
      case 'plan': {
        if (!fs.existsSync(path.join(dir, '.terraform'))) fail('Backend initialization required, please run "terraform init"');
        const ms = sleepMs('plan');
        if (ms > 0) await sleep(ms);
        if (cuedFailure('plan')) fail(`stand-in plan of ${stack} failed on cue (STAND_IN_FAIL)`);
        const plan = makePlan();
        const out = option('out');
        if (out) fs.writeFileSync(path.resolve(dir, out), JSON.stringify(plan));
        const s = summary(plan.changes);
        const changed = s.add + s.change + s.destroy + s.imported > 0;
        print(changed ? `\nPlan: ${s.imported} to import, ${s.add} to add, ${s.change} to change, ${s.destroy} to destroy.\n` : '\nNo changes. Your infrastructure matches the configuration.\n');
        if (args.includes('-detailed-exitcode') && changed) {
          log(2);
          return 2;
        }
        break;
      }
      case 'show': {
        const file = args.filter((a) => !a.startsWith('-'))[0];
        if (!args.includes('-json') || !file) fail('the stand-in answers only `show -json PLANFILE`');
        const planFile = path.resolve(dir, file);
        if (!fs.existsSync(planFile)) fail(`Failed to read the given file as a state or plan file: open ${planFile}: no such file or directory`);
        print(`${JSON.stringify(showJson(readJson(planFile)))}\n`);
        break;
      }
      case 'apply': {
        if (!fs.existsSync(path.join(dir, '.terraform'))) fail('Backend initialization required, please run "terraform init"');
        const file = args.filter((a) => !a.startsWith('-'))[0];
        if (file) {
          const planFile = path.resolve(dir, file);
          if (!fs.existsSync(planFile)) fail(`Failed to load "${file}" as a plan file`);
          await apply(readJson(planFile));
        } else {
          if (!args.includes('-auto-approve')) fail('the stand-in cannot ask for approval: pass -auto-approve or a saved plan');
          await apply(makePlan());
        }
        break;
      }
      default:
        fail(`the stand-in does not know the command ${JSON.stringify(command)}`);
    }
    log(0);
    return 0;
  }

  try {
    return { code: await main(), stdout, stderr };
  } catch (e) {
    if (e instanceof Exit) return { code: e.code, stdout, stderr };
    try {
      fail(e && e.stack ? e.stack : String(e));
    } catch (exit) {
      return { code: exit.code, stdout, stderr };
    }
  }
}

/**
 * The server: one request per connection, fields ending in NUL: `stand-in-1`, the working
 * directory, the number of arguments, each argument, the number of variables, each `NAME=value`.
 * The answer: the exit code and a newline, stderr and a NUL, then the file that holds stdout (a
 * regular file bash reads in blocks, where from a socket it reads byte by byte; no `cat` to start)
 * and a NUL. The file is removed when the client closes the connection, having read it.
 */
function serve() {
  const net = require('node:net');
  const outputs = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'stand-in-out-'));
  const server = net.createServer((socket) => {
    let buffer = Buffer.alloc(0);
    let answered = false;
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk) => {
      if (answered) return;
      buffer = Buffer.concat([buffer, chunk]);
      let request;
      try {
        request = parseRequest(buffer);
      } catch (e) {
        answered = true;
        socket.end(`1\n\nError: ${e.message}\n\n\0`);
        return;
      }
      if (!request) return;
      answered = true;
      invoke(request).then(({ code, stdout, stderr }) => {
        let file = '';
        if (stdout) {
          file = path.join(outputs, `${++temps}.out`);
          fs.writeFileSync(file, stdout.replace(/\0/g, ''));
          socket.on('close', () => fs.rm(file, { force: true }, () => undefined));
        }
        socket.end(`${code}\n${stderr.replace(/\0/g, '')}\0${file}\0`);
      });
    });
  });
  server.listen(0, '127.0.0.1', () => process.stdout.write(`STAND_IN_SERVER=${server.address().port}\n`));
  for (const signal of ['SIGTERM', 'SIGINT']) {
    process.on(signal, () => {
      fs.rmSync(outputs, { recursive: true, force: true });
      process.exit(0);
    });
  }
}

/** The request in `buffer` once all of it arrived, else undefined; throws on a malformed one. */
function parseRequest(buffer) {
  let from = 0;
  const next = () => {
    const end = buffer.indexOf(0, from);
    if (end < 0) return undefined;
    const field = buffer.toString('utf8', from, end);
    from = end + 1;
    return field;
  };
  const magic = next();
  if (magic === undefined) return undefined;
  if (magic !== 'stand-in-1') throw new Error(`not a stand-in request: ${JSON.stringify(magic.slice(0, 40))}`);
  const cwd = next();
  const argc = next();
  if (argc === undefined) return undefined;
  const argv = [];
  for (let i = 0; i < Number(argc); i++) {
    const a = next();
    if (a === undefined) return undefined;
    argv.push(a);
  }
  const envc = next();
  if (envc === undefined) return undefined;
  const env = {};
  for (let i = 0; i < Number(envc); i++) {
    const e = next();
    if (e === undefined) return undefined;
    const eq = e.indexOf('=');
    env[e.slice(0, eq)] = e.slice(eq + 1);
  }
  return { argv, cwd, env };
}

if (require.main === module) {
  if (process.argv[2] === '--serve') serve();
  else {
    invoke({ argv: process.argv.slice(2), cwd: process.cwd(), env: process.env }).then(({ code, stdout, stderr }) => {
      process.stderr.write(stderr);
      process.stdout.write(stdout, () => process.exit(code));
    });
  }
}

module.exports = { invoke };
