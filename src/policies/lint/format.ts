/** Lint reports as text (one line per finding, like a compiler) and as JSON (for tools). */
import { sortKeys, type Json } from '../document';
import type { Finding } from './finding';
import type { LintReport } from './lint';

function where(f: Finding): string {
  return f.line === undefined ? f.file : `${f.file}:${f.line}:${f.col ?? 1}`;
}

export function findingLine(f: Finding, more = 0): string {
  const statement = f.statement ? ` statement ${f.statement}` : '';
  const also = more ? ` (and ${more} more ${more === 1 ? 'document' : 'documents'} from the same template)` : '';
  return `${where(f)} ${f.severity} ${f.id}: ${f.document}${also}${statement}: ${f.message}; ${f.fix}`;
}

/**
 * One template rendered for every account gives the same finding once per account: show it once,
 * at the template line, with how many documents share it.
 */
function grouped(findings: readonly Finding[]): { first: Finding; count: number }[] {
  const groups = new Map<string, { first: Finding; count: number }>();
  for (const f of findings) {
    const key = `${where(f)}|${f.id}|${f.statement ?? ''}|${f.message}|${f.suppressed?.reason ?? ''}`;
    const g = groups.get(key);
    if (g) g.count++;
    else groups.set(key, { first: f, count: 1 });
  }
  return [...groups.values()];
}

export function formatText(report: LintReport): string {
  const open = report.findings.filter((f) => !f.suppressed);
  const suppressed = report.findings.filter((f) => f.suppressed);
  const lines = grouped(open).map((g) => findingLine(g.first, g.count - 1));
  if (suppressed.length) {
    lines.push('', `Suppressed (${suppressed.length}):`);
    for (const { first: f, count } of grouped(suppressed)) {
      const also = count > 1 ? ` (and ${count - 1} more documents from the same template)` : '';
      lines.push(`  ${where(f)} ${f.id}: ${f.document}${also}${f.statement ? ` statement ${f.statement}` : ''}: ${f.message} [suppressed in ${f.suppressed!.file}: ${f.suppressed!.reason}]`);
    }
  }
  if (report.unusedSuppressions.length) {
    lines.push('', `Unused suppressions (${report.unusedSuppressions.length}), remove them:`);
    for (const s of report.unusedSuppressions) lines.push(`  ${s.file}: ${s.id}${s.statement ? ` statement ${s.statement}` : ''} matches no finding`);
  }
  const count = (sev: string) => open.filter((f) => f.severity === sev).length;
  lines.push(
    '',
    `${report.documents} documents: ${count('error')} errors, ${count('warning')} warnings, ${count('info')} notes, ${suppressed.length} suppressed.`,
  );
  return lines.join('\n').replace(/^\n/, '');
}

export function formatJson(report: LintReport): string {
  const json = {
    documents: report.documents,
    findings: report.findings as unknown as Json,
    unusedSuppressions: report.unusedSuppressions as unknown as Json,
  };
  return JSON.stringify(sortKeys(json as Json), null, 2);
}
