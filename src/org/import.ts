/**
 * `lz org import`: adopt an organization that exists. Whatever config lacks is written into it
 * (OUs, SCPs and RCPs with their documents, member accounts under `accounts`, their attachments), then the
 * lock file records the live ids, so that the organization stack emits import blocks for everything
 * that exists instead of creating it. An account becomes a member account, not a product
 * environment: that needs a VPC plan only its team can make (they move it to config/products/ when
 * they have one). What cannot be adopted as it is (a name config does not allow, an account at the
 * root) is listed with the reason and stays unmanaged. Nothing that config already says is
 * changed, so a rerun writes nothing new.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isMap, isSeq, parseDocument, type Document } from 'yaml';
import { LzError } from '../errors';
import { loadLandingZone } from '../config/load';
import type { LandingZone } from '../config/model';
import { displayPath } from '../config/paths';
import { AccountNameSchema, EmailSchema, OuNameSchema, PolicyNameSchema } from '../config/schema';
import { pretty, type Json } from '../policies/document';
import { scpTemplatePath } from '../policies/scps';
import { rcpTemplatePath } from '../policies/rcps';
import { writeFileAtomic } from './atomic-write';
import type { OrgApi } from './client';
import { liveTargetNames, matchAccounts, writeLock } from './lock-file';
import { adoptedSection, inspectAccounts } from './adoption';
import { readLiveOrganization, type LiveAccount, type LiveOrganization } from './live';
import { syncLock, type SyncResult } from './sync';
import { keepWrittenLines } from '../config/yaml-text';
import { organizationPolicyTypes, organizationTrustedServices } from '../contract/organization';

export interface ImportResult {
  /** One line per entry added to config, e.g. `OU Workloads/Legacy`. */
  readonly added: readonly string[];
  /** Live things that could not be written into config, with the reason. */
  readonly skipped: readonly string[];
  readonly files: readonly string[];
  readonly unmanaged: readonly LiveAccount[];
  readonly sync: SyncResult;
}

function ouYamlPath(path: string): string[] {
  const parts = path.split('/');
  return ['organizationalUnits', ...parts.flatMap((p, i) => (i === 0 ? [p] : ['children', p]))];
}

type PolicyField = 'serviceControlPolicies' | 'resourceControlPolicies';

function addToList(doc: Document, at: readonly string[], item: string, field: PolicyField = 'serviceControlPolicies'): void {
  const list = doc.getIn([...at, field]);
  if (isSeq(list)) {
    list.add(doc.createNode(item));
    return;
  }
  const node = doc.createNode([item]);
  node.flow = true;
  doc.setIn([...at, field], node);
}

/** What adopting SCPs and RCPs differs in. */
interface PolicyKind {
  readonly label: 'SCP' | 'RCP';
  readonly field: PolicyField;
  readonly live: (live: LiveOrganization) => LiveOrganization['serviceControlPolicies'];
  readonly declared: (lz: LandingZone) => readonly string[];
  readonly template: (lz: LandingZone, name: string) => string;
}

const POLICY_KINDS: readonly PolicyKind[] = [
  { label: 'SCP', field: 'serviceControlPolicies', live: (l) => l.serviceControlPolicies, declared: (lz) => Object.keys(lz.organization.serviceControlPolicies), template: scpTemplatePath },
  { label: 'RCP', field: 'resourceControlPolicies', live: (l) => l.resourceControlPolicies, declared: (lz) => Object.keys(lz.organization.resourceControlPolicies ?? {}), template: rcpTemplatePath },
];

/** Plans and writes the config entries config lacks; returns what it added and skipped. */
function addMissingToConfig(lz: LandingZone, live: LiveOrganization): { added: string[]; skipped: string[]; files: Map<string, string> } {
  const added: string[] = [];
  const skipped: string[] = [];
  const texts = new Map<string, string>();
  // Fresh documents with the text as written, so that only the added lines change.
  const docs = new Map(lz.files.map((f) => [f.file, parseDocument(readFileSync(resolve(f.file), 'utf8'))]));
  const org = docs.get(lz.files[0].file)!;
  const touched = new Set<Document>();

  const knownOus = new Set(lz.organizationalUnits.map((o) => o.path));
  for (const ou of live.organizationalUnits) {
    if (knownOus.has(ou.path)) continue;
    const bad = ou.path.split('/').find((p) => !OuNameSchema.safeParse(p).success);
    if (bad) {
      skipped.push(`OU ${ou.path} (${ou.id}): "${bad}" is not a name config allows; rename it in AWS to letters, digits and hyphens`);
      continue;
    }
    const map = org.createNode({});
    org.setIn(ouYamlPath(ou.path), map);
    knownOus.add(ou.path);
    touched.add(org);
    added.push(`OU ${ou.path}`);
  }

  const names = new Map<PolicyField, Set<string>>();
  for (const kind of POLICY_KINDS) {
    const known = new Set(kind.declared(lz));
    names.set(kind.field, known);
    for (const p of kind.live(live)) {
      if (p.awsManaged || known.has(p.name)) continue;
      if (!PolicyNameSchema.safeParse(p.name).success) {
        skipped.push(`${kind.label} ${p.name} (${p.id}): the name is not one config allows; rename it in AWS to lowercase letters, digits and hyphens`);
        continue;
      }
      let document: Json;
      try {
        document = JSON.parse(p.content) as Json;
      } catch {
        skipped.push(`${kind.label} ${p.name} (${p.id}): its content is not JSON`);
        continue;
      }
      const file = kind.template(lz, p.name);
      if (existsSync(file)) {
        skipped.push(`${kind.label} ${p.name} (${p.id}): ${displayPath(file)} already exists; declare it under ${kind.field} by hand`);
        continue;
      }
      texts.set(file, pretty(document));
      org.setIn([kind.field, p.name], org.createNode({ description: (p.description || `Adopted from the live organization (${p.id}).`).slice(0, 512) }));
      known.add(p.name);
      touched.add(org);
      added.push(`${kind.label} ${p.name} (${displayPath(file)})`);
    }
  }

  // Accounts config lacks become member accounts, so the organization stack imports them.
  const adoptedAccounts = new Map<string, string>();
  const accountNames = new Set(lz.accounts.map((a) => a.name));
  for (const a of matchAccounts(lz, live).unknown) {
    const why =
      a.status !== 'ACTIVE'
        ? `its status is ${a.status}, so there is nothing to manage`
        : !AccountNameSchema.safeParse(a.name).success
          ? `"${a.name}" is not an account name config allows; rename the account in AWS (Account settings) to 3 to 50 lowercase letters, digits and hyphens`
          : !EmailSchema.safeParse(a.email).success
            ? `its email ${a.email} is not one config allows; declare it by hand`
            : !a.ouPath
              ? 'it sits at the root; move it into an OU in AWS, or declare it by hand'
              : !knownOus.has(a.ouPath)
                ? `its OU ${a.ouPath} could not be adopted`
                : accountNames.has(a.name)
                  ? `config already has an account named ${a.name} with another email`
                  : undefined;
    if (why) {
      skipped.push(`account ${a.name} (${a.id}): ${why}`);
      continue;
    }
    org.setIn(['accounts', a.name], org.createNode({ email: a.email, ou: a.ouPath }));
    adoptedAccounts.set(a.id, a.name);
    accountNames.add(a.name);
    touched.add(org);
    added.push(`account ${a.name} (${a.ouPath})`);
  }

  // Trusted services and policy types enabled live: the organization stack keeps what config lists,
  // and would disable the rest.
  const lists: [string, readonly string[], ReadonlySet<string>, string][] = [
    ['trustedServices', live.trustedServices, new Set(organizationTrustedServices(lz)), 'trusted access for'],
    ['policyTypes', live.enabledPolicyTypes, new Set(organizationPolicyTypes(lz)), 'policy type'],
  ];
  for (const [field, liveValues, kept, what] of lists) {
    for (const value of liveValues.filter((v) => !kept.has(v))) {
      const list = org.get(field);
      if (isSeq(list)) list.add(org.createNode(value));
      else {
        const node = org.createNode([value]);
        node.flow = true;
        org.set(field, node);
      }
      touched.add(org);
      added.push(`${what} ${value} (${field})`);
    }
  }

  // Attachments: what is attached live to a target config knows, for a policy config now declares.
  const targets = liveTargetNames(lz, live);
  for (const [id, name] of adoptedAccounts) targets.set(id, `account:${name}`);
  for (const kind of POLICY_KINDS) {
    const sources = new Map<string, { doc: Document; at: string[]; has: readonly string[] }>();
    sources.set('root', { doc: org, at: ['root'], has: lz.organization.root?.[kind.field] ?? [] });
    for (const path of knownOus) {
      const spec = lz.organizationalUnits.find((o) => o.path === path);
      sources.set(`ou:${path}`, { doc: org, at: ouYamlPath(path), has: spec?.[kind.field] ?? [] });
    }
    for (const { spec } of matchAccounts(lz, live).matched) {
      const doc = docs.get(spec.source.file);
      // A product environment's account takes its RCPs from its OU: config has no field for its own.
      if (doc && !(kind.field === 'resourceControlPolicies' && spec.kind === 'product')) {
        sources.set(`account:${spec.name}`, { doc, at: spec.source.path.split('.'), has: spec[kind.field] });
      }
    }
    for (const name of adoptedAccounts.values()) sources.set(`account:${name}`, { doc: org, at: ['accounts', name], has: [] });
    const known = names.get(kind.field)!;
    for (const p of kind.live(live)) {
      if (p.awsManaged || !known.has(p.name)) continue;
      for (const id of p.targetIds) {
        const name = targets.get(id);
        const source = name ? sources.get(name) : undefined;
        const productAccount = name?.startsWith('account:') && lz.accounts.some((a) => a.kind === 'product' && `account:${a.name}` === name);
        if (name && !source && kind.field === 'resourceControlPolicies' && productAccount) {
          skipped.push(`attachment of RCP ${p.name} to ${name}: a product environment's account takes its RCPs from its OU; attach it to the OU, or detach it in AWS`);
          continue;
        }
        if (!name || !source || source.has.includes(p.name)) continue;
        if (!isMap(source.doc.getIn(source.at)) && source.at[0] !== 'root') continue;
        addToList(source.doc, source.at, p.name, kind.field);
        touched.add(source.doc);
        added.push(`attachment of ${kind.label} ${p.name} to ${name}`);
      }
    }
  }

  for (const [file, doc] of docs) {
    if (touched.has(doc)) texts.set(resolve(file), keepWrittenLines(readFileSync(resolve(file), 'utf8'), doc.toString({ flowCollectionPadding: false, lineWidth: 0 })));
  }
  return { added, skipped, files: texts };
}

export async function importOrganization(configDir: string, api: OrgApi): Promise<ImportResult> {
  const lz = loadLandingZone(configDir);
  const live = await readLiveOrganization(api);
  const { added, skipped, files } = addMissingToConfig(lz, live);

  // Write, then load what was written; if the result is not a valid config, put every file back.
  const previous = new Map([...files.keys()].map((f) => [f, existsSync(f) ? readFileSync(f, 'utf8') : undefined]));
  let adopted: LandingZone;
  try {
    for (const [file, text] of files) writeFileAtomic(file, text);
    adopted = loadLandingZone(configDir);
  } catch (e) {
    for (const [file, text] of previous) {
      if (text === undefined) rmSync(file, { force: true });
      else writeFileAtomic(file, text);
    }
    if (e instanceof LzError) {
      throw new LzError([
        ...e.problems,
        { file: displayPath(join(resolve(configDir))), message: 'the adopted organization does not pass the config checks, so nothing was written', fix: 'fix the problems above in the live organization or in config, then run lz org import again' },
      ]);
    }
    throw e;
  }
  const synced = syncLock(adopted, live);
  // What runs in the existing accounts (Config recorders, delivery channels, its role): recorded so
  // that the baselines import it. Read with the ids just written; an account that cannot be entered
  // keeps what was recorded for it before.
  const withIds = loadLandingZone(configDir);
  const inspections = await inspectAccounts(api, withIds);
  const { adopted: recordedBefore, ...rest } = withIds.lock!;
  const keep = Object.fromEntries(inspections.filter((i) => i.unreachable && recordedBefore?.[i.account]).map((i) => [i.account, recordedBefore![i.account]]));
  const recorded = { ...keep, ...adoptedSection(inspections.filter((i) => !i.unreachable)) };
  const next = Object.keys(recorded).length ? { ...rest, adopted: recorded } : rest;
  const changed = writeLock(synced.file, next, readFileSync(synced.file, 'utf8'));
  const sync = { ...synced, changed: synced.changed || changed };
  return { added, skipped, files: [...files.keys()].map(displayPath).sort(), unmanaged: sync.unknown, sync };
}

export function describeImport(result: ImportResult): string[] {
  const lines: string[] = [];
  if (result.added.length) {
    lines.push(`Added to config (${result.files.join(', ')}):`);
    for (const a of result.added) lines.push(`  ${a}`);
  } else lines.push('Config already declares every OU, SCP, RCP, account and attachment of the organization it can.');
  for (const s of result.skipped) lines.push(`Not adopted: ${s}`);
  if (result.unmanaged.length) {
    lines.push(`${result.unmanaged.length} accounts are not in config and stay unmanaged (listed in the lock file); fix what "Not adopted" says and run lz org import again, or declare them by hand:`);
    for (const a of result.unmanaged) lines.push(`  ${a.name} ${a.id} ${a.email} ${a.ouPath || '(root)'}`);
  }
  lines.push(`${result.sync.changed ? 'Wrote' : 'Unchanged:'} ${displayPath(result.sync.file)}: ${result.sync.matched} accounts matched to config by email.`);
  lines.push('Next: lz synth, then review the import blocks in the organization stack before lz deploy organization.');
  return lines;
}
