/**
 * `lz policy diff` output: Markdown short enough for a pull-request comment (a summary line
 * first, details collapsed) and JSON for tools.
 */
import { sortKeys, type Json } from '../document';
import type { PolicyModel } from '../model';
import { diffAccess, groupChanges, type AccessChange } from './effective';
import { diffDocuments, type DocumentChange, type NormalStatement, type StatementChange } from './statements';

export interface PolicyDiff {
  readonly base: string;
  readonly head: string;
  readonly documents: readonly DocumentChange[];
  readonly access: readonly AccessChange[];
  /** Whether anything widens access: the exit code 3 that asks for a security approval. */
  readonly broadening: boolean;
  /** Accounts the head adds that do not exist yet (created on apply), by name. */
  readonly newAccounts: readonly string[];
}

export function diffModels(base: PolicyModel, head: PolicyModel, names: { base: string; head: string }): PolicyDiff {
  const documents = diffDocuments(base.documents, head.documents);
  const access = diffAccess(base, head);
  const broadening = documents.some((d) => d.direction === 'broadening') || access.some((a) => a.change === 'gained');
  const existing = new Set(base.accounts.map((a) => a.name));
  const newAccounts = head.accounts.filter((a) => a.pending && !existing.has(a.name)).map((a) => a.name).sort();
  return { ...names, documents, access, broadening, newAccounts };
}

function list(items: readonly string[], max = 6): string {
  if (items.length === 0) return '';
  const shown = items.slice(0, max).map((i) => `\`${i}\``).join(', ');
  return items.length > max ? `${shown} … (${items.length} in all)` : shown;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function statementCells(s: NormalStatement): string[] {
  const actions = s.actions.length ? list(s.actions) : s.notActions.length ? `NotAction ${list(s.notActions)}` : '';
  const resources = s.resources.length ? list(s.resources, 3) : s.notResources.length ? `NotResource ${list(s.notResources, 3)}` : '';
  const principals = s.principals.length ? list(s.principals, 3) : s.notPrincipals.length ? `NotPrincipal ${list(s.notPrincipals, 3)}` : '';
  const conditions = Object.entries(s.conditions).map(([k, v]) => `${k}: ${v.join(', ')}`).join('; ');
  return [s.effect, actions, resources, principals, conditions].map(cell);
}

function statementRow(c: StatementChange): string {
  const s = (c.after ?? c.before)!;
  const name = s.sid ?? '';
  const cells = c.change === 'changed' ? [s.effect, cell(c.details.join('; ')), '', '', ''] : statementCells(s);
  return `| ${c.change} | ${name} | ${cells.join(' | ')} | ${c.direction} |`;
}

/** The body of a document's section: attachment changes and the statement table. */
function documentBody(d: DocumentChange): string[] {
  const lines: string[] = [];
  if (d.attached.length || d.detached.length) {
    const parts = [...(d.attached.length ? [`attached to ${list(d.attached)}`] : []), ...(d.detached.length ? [`detached from ${list(d.detached)}`] : [])];
    lines.push(`Attachments: ${parts.join('; ')} (${d.attachmentDirection}).`, '');
  }
  if (d.statements.length) {
    lines.push('| change | Sid | effect | actions | resources | principals | conditions | direction |', '|---|---|---|---|---|---|---|---|');
    lines.push(...d.statements.map(statementRow), '');
  }
  return lines;
}

/**
 * One section per distinct change: a template rendered into every account changes the same way in
 * each, and reads as one section naming the stacks, not one per account.
 */
function documentSections(documents: readonly DocumentChange[]): string[] {
  const groups = new Map<string, { name: string; d: DocumentChange; body: string[]; stacks: string[] }>();
  for (const d of documents) {
    const [stack, ...rest] = d.document.split('/');
    const name = rest.length ? rest.join('/') : d.document;
    const body = documentBody(d);
    const key = [name, d.kind, d.change, d.direction, ...body].join('\n');
    const group = groups.get(key) ?? { name, d, body, stacks: [] };
    group.stacks.push(rest.length ? stack : '');
    groups.set(key, group);
  }
  const lines: string[] = [];
  for (const g of groups.values()) {
    const where = g.stacks.length === 1 ? `\`${g.d.document}\`` : `\`${g.name}\` in ${g.stacks.length} stacks`;
    lines.push(`#### ${where} (${g.d.kind}, ${g.d.change}): ${g.d.direction}`, '');
    if (g.stacks.length > 1) lines.push(`Stacks: ${list(g.stacks, 8)}.`, '');
    lines.push(...g.body);
  }
  return lines;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * What new accounts' principals get, grouped: accounts whose principals gain the same grants (read
 * with the account's own name as <account>) are one line, the largest group is the baseline every
 * new account shares, and each other group says what it has beyond or without it.
 */
export function newAccountLines(diff: PolicyDiff): string[] {
  if (diff.newAccounts.length === 0) return [];
  const fresh = new Set(diff.newAccounts);
  const grantsOf = new Map<string, Set<string>>();
  for (const c of diff.access) {
    if (!fresh.has(c.account) || c.change !== 'gained') continue;
    const norm = (t: string) => t.split(c.account).join('<account>');
    const set = grantsOf.get(c.account) ?? new Set<string>();
    set.add(`${norm(c.principalLabel)}: ${c.action} on ${norm(c.resourceLabel)} (${c.region})`);
    grantsOf.set(c.account, set);
  }
  const groups = new Map<string, { accounts: string[]; grants: string[] }>();
  for (const account of diff.newAccounts) {
    const grants = [...(grantsOf.get(account) ?? [])].sort();
    const key = grants.join('\n');
    const g = groups.get(key) ?? { accounts: [], grants };
    g.accounts.push(account);
    groups.set(key, g);
  }
  const ordered = [...groups.values()].sort((a, b) => b.accounts.length - a.accounts.length || a.accounts[0].localeCompare(b.accounts[0]));
  const baseline = new Set(ordered[0].grants);
  const lines = [
    `**${plural(diff.newAccounts.length, 'new account')}, created on apply.** ${plural(ordered[0].accounts.length, 'new account')} with the same baseline ` +
      `(${list(ordered[0].accounts)}): ${plural(ordered[0].grants.length, 'sensitive permission')} for their principals.`,
  ];
  for (const g of ordered.slice(1)) {
    const more = g.grants.filter((x) => !baseline.has(x));
    const fewer = [...baseline].filter((x) => !g.grants.includes(x));
    lines.push(
      `- ${list(g.accounts)}: the baseline` + (more.length ? `, plus ${list(more, 4)}` : '') + (fewer.length ? `, without ${list(fewer, 4)}` : '') + '.',
    );
  }
  return lines;
}

export function formatMarkdown(diff: PolicyDiff): string {
  const fresh = new Set(diff.newAccounts);
  // New accounts' principals are summarized by newAccountLines, not listed grant by grant.
  const groups = groupChanges(diff.access.filter((c) => !fresh.has(c.account)));
  const gained = diff.access.filter((a) => a.change === 'gained');
  const lost = diff.access.filter((a) => a.change === 'lost');
  const who = (changes: readonly AccessChange[]) => new Set(changes.map((c) => c.principal)).size;
  const broadeningDocs = diff.documents.filter((d) => d.direction === 'broadening').length;
  const verdict = diff.broadening ? '**Policy review: broadening, security approval needed.**' : '**Policy review: no broadening.**';
  const lines = [
    `${verdict} ${plural(diff.documents.length, 'policy document')} changed (${broadeningDocs} broadening); ` +
      `${plural(who(gained), 'principal')} gained ${plural(gained.length, 'permission')}, ${plural(who(lost), 'principal')} lost ${plural(lost.length, 'permission')}.`,
    '',
    `Base: ${diff.base}; head: ${diff.head}.`,
  ];
  const newAccounts = newAccountLines(diff);
  if (newAccounts.length) lines.push('', ...newAccounts);
  if (groups.length) {
    lines.push('', `<details><summary>Effective access: who gained or lost which sensitive actions (${plural(groups.length, 'group')})</summary>`, '');
    lines.push('| change | principals | accounts | region | actions on resources |', '|---|---|---|---|---|');
    for (const g of groups) {
      const principals = g.principals.length > 3 ? `${g.principals[0].split(' in ')[0]} in ${g.accounts.length} accounts` : g.principals.join(', ');
      lines.push(`| ${g.change} | ${cell(principals)} | ${g.accounts.join(', ')} | ${g.region} | ${cell(g.grants.join(', '))} |`);
    }
    lines.push('', '</details>');
  }
  if (diff.documents.length) {
    lines.push('', `<details><summary>Statement changes (${plural(diff.documents.length, 'document')})</summary>`, '');
    lines.push(...documentSections(diff.documents));
    lines.push('</details>');
  }
  return lines.join('\n');
}

export function formatJson(diff: PolicyDiff): string {
  return JSON.stringify(sortKeys({ ...diff, accessGroups: groupChanges(diff.access) } as unknown as Json), null, 2);
}
