/**
 * Suppressions live next to the template: `policies/scp/deny-all.json` is suppressed in
 * `policies/scp/deny-all.suppressions.yaml`; a document built in code (no template) in
 * `policies/<stack>/<name>.suppressions.yaml`. Each entry names one finding id, optionally one
 * statement (Sid or `Statement[i]`), and must give a reason; lint shows every suppression it applied.
 *
 *   - id: allow-full-access
 *     statement: BreakGlassAdministers
 *     reason: break-glass is administrator access by design; MFA and an alarm guard it
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LzError, type Problem } from '../../errors';
import { displayPath } from '../../config/paths';
import { YamlFile } from '../../config/yaml-file';
import type { ModelDocument } from '../model';
import { PACK } from './pack';

export interface Suppression {
  readonly id: string;
  readonly statement?: string;
  readonly reason: string;
  /** The suppressions file, as displayed. */
  readonly file: string;
}

/** The suppressions file for a document, absolute. */
export function suppressionsPath(projectDir: string, document: ModelDocument): string {
  if (document.template) return resolve(document.template).replace(/\.json$/, '.suppressions.yaml');
  return join(projectDir, 'policies', document.stack, `${document.name}.suppressions.yaml`);
}

/** Reads a suppressions file; absent means none. Bad entries are problems, all of them reported. */
export function readSuppressions(path: string, problems: Problem[]): Suppression[] {
  if (!existsSync(path)) return [];
  const file = displayPath(path);
  const { yaml, problems: syntax } = YamlFile.read(path, file);
  problems.push(...syntax);
  if (!yaml) return [];
  const value = yaml.value();
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.push(yaml.problem([], 'must be a list of suppressions', 'write entries as "- id: RULE-ID" with a reason (and optionally a statement)'));
    return [];
  }
  const ids = PACK.map((p) => p.id);
  const out: Suppression[] = [];
  value.forEach((entry: unknown, i: number) => {
    const e = (entry ?? {}) as Record<string, unknown>;
    let ok = true;
    for (const key of Object.keys(e)) {
      if (!['id', 'statement', 'reason'].includes(key)) {
        problems.push(yaml.problem([i, key], `unknown field "${key}"`, 'use id, statement and reason', true));
        ok = false;
      }
    }
    if (typeof e.id !== 'string' || !ids.includes(e.id)) {
      problems.push(yaml.problem([i, ...(e.id === undefined ? [] : ['id'])], `${e.id === undefined ? 'has no id' : `id ${JSON.stringify(e.id)} is not a lint rule`}`, `use one of ${ids.join(', ')}`));
      ok = false;
    }
    if (typeof e.reason !== 'string' || e.reason.trim().length < 10) {
      problems.push(yaml.problem([i, ...(e.reason === undefined ? [] : ['reason'])], e.reason === undefined ? 'has no reason' : `reason ${JSON.stringify(e.reason)} is too short to tell a reviewer why`, 'say in a sentence why the finding is acceptable here'));
      ok = false;
    }
    if (e.statement !== undefined && typeof e.statement !== 'string') {
      problems.push(yaml.problem([i, 'statement'], 'must be a Sid or Statement[i]', 'name the statement by its Sid'));
      ok = false;
    }
    if (ok) out.push({ id: e.id as string, reason: (e.reason as string).trim(), file, ...(e.statement ? { statement: e.statement as string } : {}) });
  });
  return out;
}

export function loadSuppressions(projectDir: string, documents: readonly ModelDocument[]): Map<string, Suppression[]> {
  const problems: Problem[] = [];
  const byPath = new Map<string, Suppression[]>();
  const byDocument = new Map<string, Suppression[]>();
  for (const d of documents) {
    const path = suppressionsPath(projectDir, d);
    if (!byPath.has(path)) byPath.set(path, readSuppressions(path, problems));
    byDocument.set(d.id, byPath.get(path)!);
  }
  if (problems.length) throw new LzError(problems);
  return byDocument;
}
