/** `lz policy prove` output: one line per proof, counterexamples under it (the first few). */
import { sortKeys, type Json } from '../document';
import type { ProofResult } from './proof';

const SHOWN = 10;

export function formatProofs(results: readonly ProofResult[]): string {
  const lines: string[] = [];
  for (const r of results) {
    const mark = r.status === 'holds' ? 'holds' : r.status === 'fails' ? 'FAILS' : 'nothing to check';
    lines.push(`${mark.padEnd(16)} ${r.id}: ${r.claim} (${r.checked} requests)`);
    for (const c of r.counterexamples.slice(0, SHOWN)) lines.push(`    ${c}`);
    if (r.counterexamples.length > SHOWN) lines.push(`    … and ${r.counterexamples.length - SHOWN} more (--format json lists all)`);
  }
  const failed = results.filter((r) => r.status === 'fails').length;
  lines.push('', failed ? `${failed} of ${results.length} guardrails fail.` : `All ${results.length} guardrails hold (${results.filter((r) => r.status === 'vacuous').length} had nothing to check).`);
  return lines.join('\n');
}

export function formatProofsJson(results: readonly ProofResult[]): string {
  return JSON.stringify(sortKeys(results as unknown as Json), null, 2);
}
