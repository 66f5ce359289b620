/**
 * `lz init`: a config folder for a real organization, written from the example organization with
 * the organization's own name, management account and regions, and without the example's lock
 * file, products, member accounts, reserved ranges or ids. The policy templates and JSON Schemas
 * the config needs are copied beside it when the project has none.
 *
 * Nothing that exists is overwritten: every target is checked first, each file is created with a
 * link that fails if the name exists, and on any failure the files written so far are removed.
 */
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { parseDocument } from 'yaml';
import { LzError, type Problem } from '../errors';
import { loadLandingZone, ORGANIZATION_FILE, PRODUCTS_DIR } from './load';
import { displayPath } from './paths';
import { AccountNameSchema, EmailSchema, KeySchema, RegionSchema } from './schema';
import { SCHEMA_FILES, jsonSchema } from './json-schema';
import type { CoreRole } from './model';
import { keepWrittenLines } from './yaml-text';

export interface InitOptions {
  /** The config folder to write. */
  readonly configDir: string;
  readonly name: string;
  readonly managementEmail: string;
  /** @default "<name>-management" */
  readonly managementName?: string;
  readonly homeRegion: string;
  /** @default - the home region only */
  readonly regions?: readonly string[];
  /** `owner/name` of the repository whose main branch applies. @default - no CI configured */
  readonly github?: string;
  /** The landing-zone installation to take the example from. @default - the one running */
  readonly packageDir?: string;
}

export interface InitResult {
  readonly written: readonly string[];
  /** Files the project already had with the same content, left as they are. */
  readonly kept: readonly string[];
}

const CORE_SUFFIX: Readonly<Record<CoreRole, string>> = {
  logArchive: 'log-archive',
  audit: 'audit',
  network: 'network',
  sharedServices: 'shared-services',
};

/** The folder of the landing-zone installation: the nearest parent with its package.json. */
export function packageRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'landing-zone') return dir;
      } catch {
        // not ours; keep looking
      }
    }
    if (dirname(dir) === dir) throw new Error('internal: the landing-zone package folder was not found');
  }
}

function checkInputs(o: InitOptions): Problem[] {
  const problems: Problem[] = [];
  const bad = (option: string, value: string, result: { success: boolean; error?: { issues: { message: string }[] } }) => {
    if (!result.success) {
      const [what, fix] = result.error!.issues[0].message.split('; ');
      problems.push({ file: 'command line', message: `--${option} ${value} ${what}`, fix: fix ?? 'see lz init --help' });
    }
  };
  bad('name', o.name, KeySchema.safeParse(o.name));
  bad('management-email', o.managementEmail, EmailSchema.safeParse(o.managementEmail));
  const managementName = o.managementName ?? `${o.name}-management`;
  bad('management-name', managementName, AccountNameSchema.safeParse(managementName));
  for (const region of [o.homeRegion, ...(o.regions ?? [])]) bad('regions', region, RegionSchema.safeParse(region));
  if (o.regions && o.regions.length && !o.regions.includes(o.homeRegion)) {
    problems.push({ file: 'command line', message: `--regions ${o.regions.join(',')} does not include the home region ${o.homeRegion}`, fix: `add it, e.g. --regions ${[o.homeRegion, ...o.regions].join(',')}` });
  }
  if (o.github !== undefined && !/^[A-Za-z0-9][A-Za-z0-9-]{0,38}\/[A-Za-z0-9._-]{1,100}$/.test(o.github)) {
    problems.push({ file: 'command line', message: `--github ${o.github} is not a GitHub repository`, fix: 'write it as owner/name, e.g. --github acme/landing-zone' });
  }
  return problems;
}

/** The example's organization.yaml with this organization's values, as text. */
function organizationText(example: string, o: InitOptions): string {
  const doc = parseDocument(example);
  const exampleName = String(doc.get('name') ?? '');
  const [, domain] = o.managementEmail.split('@');
  const regions = o.regions && o.regions.length ? [...o.regions] : [o.homeRegion];
  // The example's header describes the example: it goes, with the comment on its first key.
  const first = (doc.contents as { items?: { key?: { commentBefore?: string } }[] } | null)?.items?.[0]?.key;
  if (first) first.commentBefore = undefined;
  doc.commentBefore =
    ` yaml-language-server: $schema=../schemas/organization.schema.json\n` +
    ` The ${o.name} organization, written by \`lz init\` from the example. Review every section (OUs, SCPs,\n` +
    ' network segments, Config rules), add reserved CIDR ranges your network uses, then `lz validate`.';
  doc.set('name', o.name);
  doc.setIn(['managementAccount', 'name'], o.managementName ?? `${o.name}-management`);
  doc.setIn(['managementAccount', 'email'], o.managementEmail);
  doc.set('homeRegion', o.homeRegion);
  const allowed = doc.createNode(regions);
  allowed.flow = true;
  doc.set('allowedRegions', allowed);
  for (const [role, suffix] of Object.entries(CORE_SUFFIX)) {
    const name = `${o.name}-${suffix}`;
    doc.setIn(['coreAccounts', role, 'name'], name);
    doc.setIn(['coreAccounts', role, 'email'], `aws+${name}@${domain}`);
  }
  // Alerts go to this organization's security mailbox, on the management account's domain.
  if (doc.has('alerts')) doc.setIn(['alerts', 'emails'], Object.assign(doc.createNode([`security@${domain}`]), { flow: true }));
  // Identity Center: the example's assignments by product or environment go with its products; those
  // naming core accounts name this organization's.
  const assignments = doc.getIn(['identityCenter', 'assignments']) as { items: unknown[] } | undefined;
  if (assignments && Array.isArray(assignments.items)) {
    assignments.items = assignments.items.filter((item) => {
      const has = (k: string) => (item as { has(k: string): boolean }).has(k);
      return has('accounts') && !has('products') && !has('environments');
    });
    for (const item of assignments.items as { get(k: string): unknown }[]) {
      const accounts = item.get('accounts') as { items?: { value?: unknown }[] } | undefined;
      for (const account of accounts?.items ?? []) {
        if (typeof account.value === 'string') account.value = account.value.replace(new RegExp(`^${exampleName}-`), `${o.name}-`);
      }
    }
  }
  // The example's own: its member accounts, its company's network ranges, what its live organization had enabled.
  for (const field of ['accounts', 'reservedCidrs', 'trustedServices', 'policyTypes', 'stateBucket', 'bootstrapState']) doc.delete(field);
  if (o.github) doc.set('github', doc.createNode({ repository: o.github, mainBranch: 'main' }));
  else doc.delete('github');
  return keepWrittenLines(example, doc.toString({ flowCollectionPadding: false, lineWidth: 0 }));
}

/** Every file below `dir`, relative to it, sorted. */
function filesBelow(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out;
}

/** Creates `file` with `text`, failing if the name exists; never leaves a partial file under that name. */
function createFile(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = join(dirname(file), `.lz-init.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  writeFileSync(temp, text, { flag: 'wx' });
  try {
    linkSync(temp, file);
  } finally {
    rmSync(temp, { force: true });
  }
}

export function initProject(o: InitOptions): InitResult {
  const problems = checkInputs(o);
  if (problems.length) throw new LzError(problems);

  const pkg = o.packageDir ?? packageRoot();
  const exampleOrg = join(pkg, 'config', ORGANIZATION_FILE);
  if (!existsSync(exampleOrg) || !existsSync(join(pkg, 'policies'))) {
    throw LzError.of(displayPath(pkg), 'has no example config/ and policies/ to start from', 'run lz init from a clone of the landing-zone repository');
  }
  const configDir = resolve(o.configDir);
  const projectDir = dirname(configDir);

  // Everything to write, decided before anything is written.
  const plan = new Map<string, string>();
  plan.set(join(configDir, ORGANIZATION_FILE), organizationText(readFileSync(exampleOrg, 'utf8'), o));
  plan.set(join(configDir, PRODUCTS_DIR, '.gitkeep'), '');
  const kept: string[] = [];
  const conflicts: Problem[] = [];
  const copyIfMissing = (target: string, text: string) => {
    if (!existsSync(target)) plan.set(target, text);
    else if (readFileSync(target, 'utf8') === text) kept.push(displayPath(target));
    else conflicts.push({ file: displayPath(target), message: 'already exists and differs from the landing zone\'s own', fix: 'keep it if it is yours; lz init left it alone and wrote nothing, so move it aside and run lz init again to get the landing zone\'s' });
  };
  for (const file of filesBelow(join(pkg, 'policies'))) copyIfMissing(join(projectDir, 'policies', file), readFileSync(join(pkg, 'policies', file), 'utf8'));
  for (const [file, schema] of Object.entries(SCHEMA_FILES)) copyIfMissing(join(projectDir, 'schemas', file), jsonSchema(schema, file));
  for (const file of [ORGANIZATION_FILE, PRODUCTS_DIR, 'accounts.lock.yaml']) {
    const target = join(configDir, file);
    if (existsSync(target)) {
      conflicts.push({
        file: displayPath(target),
        message: 'already exists; lz init writes a fresh config folder and never overwrites one',
        fix: `choose another folder with --config, or move ${displayPath(configDir)} aside first (in a clone of the landing-zone repository, config/ holds the example)`,
      });
    }
  }
  if (conflicts.length) throw new LzError(conflicts);

  const written: string[] = [];
  try {
    for (const [file, text] of plan) {
      createFile(file, text);
      written.push(file);
    }
    loadLandingZone(configDir);
  } catch (e) {
    for (const file of written.reverse()) rmSync(file, { force: true });
    throw e;
  }
  return { written: written.map(displayPath), kept };
}
