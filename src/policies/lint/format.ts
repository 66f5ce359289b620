/** Lint reports as text (one line per finding, like a compiler) and as JSON (for tools). */
import { sortKeys, type Json } from '../document';
import type { Finding } from './finding';
import type { LintReport } from './lint';

function where(f: Finding): string {
  return f.line === undefined ? f.file : `${f.file}:${f.line}:${f.col ?? 1}`;
}

export function findingLine(f: Finding): string {
  const statement = f.statement ? ` statement ${f.statement}` : '';
  return `${where(f)} ${f.severity} ${f.id}: ${f.document}${statement}: ${f.message}; ${f.fix}`;
}

export function formatText(report: LintReport): string {
  const open = report.findings.filter((f) => !f.suppressed);
  const suppressed = report.findings.filter((f) => f.suppressed);
  const lines = open.map(findingLine);
  if (suppressed.length) {
    lines.push('', `Suppressed (${suppressed.length}):`);
    for (const f of suppressed) lines.push(`  ${where(f)} ${f.id}: ${f.document}${f.statement ? ` statement ${f.statement}` : ''}: ${f.message} [suppressed in ${f.suppressed!.file}: ${f.suppressed!.reason}]`);
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
