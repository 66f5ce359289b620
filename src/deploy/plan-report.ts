/**
 * The report of `lz plan`: one table of every stack planned (add / change / replace / destroy /
 * import), then each protected resource a plan replaces or destroys, refused unless allowed, then
 * the stacks that wait for new accounts. As text, JSON, Markdown (a pull request comment) or the
 * dependency waves of stacks with changes as GitHub Actions matrices.
 */
import { hasChanges, isAllowed, type StackPlan } from './plan-summary';

export interface PlanReport {
  readonly plans: readonly StackPlan[];
  /** Stacks not planned yet: they need the ids of accounts the organization stack creates. */
  readonly waiting: readonly string[];
  readonly allowDestroy: readonly string[];
  /** The dependency wave of every stack planned or waiting. */
  readonly waves: ReadonlyMap<string, number>;
}

export type PlanFormat = 'text' | 'json' | 'markdown' | 'github-matrix';
export const PLAN_FORMATS: readonly PlanFormat[] = ['text', 'json', 'markdown', 'github-matrix'];

interface ProtectedLine {
  readonly stack: string;
  readonly address: string;
  readonly type: string;
  readonly action: string;
  readonly allowed: boolean;
}

export function protectedLines(report: PlanReport): ProtectedLine[] {
  return report.plans.flatMap((p) => p.protectedChanges.map((c) => ({ stack: p.stack, ...c, allowed: isAllowed(p.stack, c.address, report.allowDestroy) })));
}

export function isRefused(report: PlanReport): boolean {
  return protectedLines(report).some((l) => !l.allowed);
}

const COLUMNS = ['add', 'change', 'replace', 'destroy', 'import'] as const;

function totals(report: PlanReport): string {
  const withChanges = report.plans.filter(hasChanges).length;
  return `${report.plans.length} stack${report.plans.length === 1 ? '' : 's'} planned, ${withChanges} with changes${report.waiting.length ? `, ${report.waiting.length} waiting for new accounts` : ''}.`;
}

function text(report: PlanReport): string {
  const width = Math.max(5, ...report.plans.map((p) => p.stack.length));
  const lines = [`${'STACK'.padEnd(width)}  ${COLUMNS.map((c) => c.toUpperCase().padStart(7)).join(' ')}`];
  for (const p of report.plans) lines.push(`${p.stack.padEnd(width)}  ${COLUMNS.map((c) => String(p[c]).padStart(7)).join(' ')}`);
  lines.push(totals(report));
  const prot = protectedLines(report);
  if (prot.length) {
    lines.push('', 'Protected resources the plans replace or destroy:');
    for (const l of prot) {
      lines.push(`  ${l.stack}: ${l.action} ${l.address} (${l.type}): ${l.allowed ? 'allowed by --allow-destroy' : `REFUSED; to allow it: --allow-destroy ${l.stack}:${l.address}`}`);
    }
  }
  if (report.waiting.length) {
    lines.push('', `Planned after the organization stack creates their accounts (lz deploy does both): ${report.waiting.join(', ')}`);
  }
  return lines.join('\n');
}

/** Markdown table cells: no pipes or newlines from names. */
const cell = (s: string) => s.replace(/[|\n\r]/g, ' ');

function markdown(report: PlanReport): string {
  const refused = isRefused(report);
  const lines = [
    `### lz plan: ${refused ? ':no_entry: refused' : 'ok'}`,
    '',
    totals(report),
    '',
    '| Stack | Add | Change | Replace | Destroy | Import |',
    '|---|--:|--:|--:|--:|--:|',
    ...report.plans.filter(hasChanges).map((p) => `| \`${cell(p.stack)}\` | ${COLUMNS.map((c) => p[c]).join(' | ')} |`),
  ];
  const unchanged = report.plans.filter((p) => !hasChanges(p)).length;
  if (unchanged) lines.push('', `${unchanged} stack${unchanged === 1 ? '' : 's'} without changes not listed.`);
  const prot = protectedLines(report);
  if (prot.length) {
    lines.push('', '#### Protected resources replaced or destroyed', '');
    for (const l of prot) lines.push(`- ${l.allowed ? 'allowed' : '**refused**'}: ${l.action} \`${cell(l.address)}\` (${l.type}) in \`${cell(l.stack)}\`${l.allowed ? '' : ` — allow with \`--allow-destroy ${cell(l.stack)}:${cell(l.address)}\``}`);
  }
  if (report.waiting.length) lines.push('', `Waiting for new accounts (planned by \`lz deploy\` after it creates them): ${report.waiting.map((s) => `\`${cell(s)}\``).join(', ')}`);
  return lines.join('\n');
}

function json(report: PlanReport): string {
  return JSON.stringify(
    {
      refused: isRefused(report),
      stacks: report.plans.map((p) => ({ ...p, wave: report.waves.get(p.stack) ?? 0 })),
      protected: protectedLines(report),
      waitingForAccounts: report.waiting,
    },
    null,
    2,
  );
}

/** At most this many jobs per wave (GitHub allows 256 per matrix); stacks share a job beyond it. */
export const DEFAULT_JOBS_PER_WAVE = 32;
/** The deploy workflow has this many wave jobs. */
export const MAX_WAVES = 6;

/**
 * `waveN={"stacks":["a b","c"]}` lines for $GITHUB_OUTPUT, N from 0 to MAX_WAVES - 1: the stacks
 * with changes in wave N, grouped into at most `jobsPerWave` space-separated groups (one matrix job
 * each). `waiting=true|false` says whether stacks wait for new accounts.
 */
export function githubMatrix(report: PlanReport, jobsPerWave = DEFAULT_JOBS_PER_WAVE): string {
  const changed = report.plans.filter(hasChanges).map((p) => p.stack);
  const deepest = Math.max(0, ...[...changed, ...report.waiting].map((s) => report.waves.get(s) ?? 0));
  if (deepest >= MAX_WAVES) throw new Error(`internal: ${deepest + 1} dependency waves, but the deploy workflow has ${MAX_WAVES}`);
  const lines: string[] = [];
  for (let w = 0; w < MAX_WAVES; w++) {
    const stacks = changed.filter((s) => (report.waves.get(s) ?? 0) === w);
    const groups = Math.min(jobsPerWave, stacks.length);
    const jobs = Array.from({ length: groups }, (_, g) => stacks.filter((_s, i) => i % groups === g).join(' '));
    lines.push(`wave${w}=${JSON.stringify({ stacks: jobs })}`);
  }
  lines.push(`waiting=${report.waiting.length > 0}`);
  return lines.join('\n');
}

export function formatPlanReport(report: PlanReport, format: PlanFormat, jobsPerWave?: number): string {
  switch (format) {
    case 'json':
      return json(report);
    case 'markdown':
      return markdown(report);
    case 'github-matrix':
      return githubMatrix(report, jobsPerWave);
    default:
      return text(report);
  }
}
