/**
 * `lz policy lint`: every document of the policy model through every rule of the pack, findings
 * placed at their line in the template, suppressions applied (and shown).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { displayPath } from '../../config/paths';
import { pretty } from '../document';
import { accountNamed, type ModelDocument, type PolicyModel } from '../model';
import { Catalogue } from './catalogue';
import type { Finding } from './finding';
import { PACK } from './pack';
import { asObject, lintStatements, stringList } from './statements';
import { loadSuppressions, type Suppression } from './suppressions';

export interface LintReport {
  readonly documents: number;
  /** Every finding, suppressed ones included, in document then rule order. */
  readonly findings: readonly Finding[];
  /** Suppressions that matched no finding: stale, and worth removing. */
  readonly unusedSuppressions: readonly Suppression[];
}

/** Where a document can be read: its template, or the rendered file `lz synth` writes. */
function sourceOf(document: ModelDocument): { file: string; text: string } {
  if (document.template && existsSync(resolve(document.template))) {
    return { file: displayPath(resolve(document.template)), text: readFileSync(resolve(document.template), 'utf8') };
  }
  return { file: `cdktf.out/policies/${document.id}.json`, text: pretty(document.document) };
}

function lineOf(text: string, index: number): { line: number; col: number } {
  const before = text.slice(0, index).split('\n');
  return { line: before.length, col: before[before.length - 1].length + 1 };
}

/** The position of a statement (by Sid) and a value inside it, as near as the text allows. */
function locate(text: string, sid: string | undefined, value: string | undefined): { line: number; col: number } | undefined {
  let from = 0;
  if (sid) {
    const m = new RegExp(`"Sid"\\s*:\\s*"${sid.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`).exec(text);
    if (m) from = m.index;
  }
  if (value !== undefined) {
    const at = text.indexOf(JSON.stringify(value), from);
    if (at >= 0) return lineOf(text, at);
  }
  return from > 0 ? lineOf(text, from) : undefined;
}

function collectNames(documents: readonly ModelDocument[]): { actions: Set<string>; keys: Set<string> } {
  const actions = new Set<string>();
  const keys = new Set<string>();
  for (const d of documents) {
    for (const s of lintStatements(d.document)) {
      for (const a of [...stringList(s.statement.Action), ...stringList(s.statement.NotAction)]) if (a !== '*') actions.add(a);
      for (const block of Object.values(asObject(s.statement.Condition) ?? {})) for (const k of Object.keys(asObject(block) ?? {})) keys.add(k);
    }
  }
  return { actions, keys };
}

export async function lintDocuments(model: PolicyModel, documents: readonly ModelDocument[] = model.documents): Promise<LintReport> {
  const names = collectNames(documents);
  const catalogue = await Catalogue.load(names.actions, names.keys);
  const suppressions = loadSuppressions(model.lz.projectDir, documents);
  const used = new Set<Suppression>();
  const findings: Finding[] = [];
  for (const document of documents) {
    const statements = lintStatements(document.document);
    const source = sourceOf(document);
    const accountId = document.account ? accountNamed(model, document.account)?.id : undefined;
    const mine = suppressions.get(document.id) ?? [];
    for (const entry of PACK) {
      const raw = entry.rule({ document, kind: document.kind, statements, catalogue, ...(accountId ? { accountId } : {}) });
      for (const f of raw) {
        const sid = f.statement && !f.statement.startsWith('Statement[') ? f.statement : undefined;
        const position = locate(source.text, sid, f.value);
        const suppression = mine.find((s) => s.id === entry.id && (s.statement === undefined || s.statement === f.statement));
        if (suppression) used.add(suppression);
        findings.push({
          id: entry.id,
          severity: entry.severity,
          document: document.id,
          file: source.file,
          ...(position ?? {}),
          ...(f.statement ? { statement: f.statement } : {}),
          message: f.message,
          fix: entry.fix,
          ...(suppression ? { suppressed: { reason: suppression.reason, file: suppression.file } } : {}),
        });
      }
    }
  }
  const all = new Set([...suppressions.values()].flat());
  return { documents: documents.length, findings, unusedSuppressions: [...all].filter((s) => !used.has(s)) };
}

/** Whether the report fails lint: an error that no suppression covers. */
export function lintFails(report: LintReport): boolean {
  return report.findings.some((f) => f.severity === 'error' && !f.suppressed);
}
