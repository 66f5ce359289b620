/**
 * One terraform invocation in a stack's folder, its output appended to the stack's log file (not
 * the terminal: sixteen stacks at once would interleave), what it printed on stdout kept for the
 * commands that read it (`show -json`).
 */
import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';

export interface TerraformRun {
  readonly code: number;
  readonly stdout: string;
  /** The last lines of stderr, for the one-line error. */
  readonly stderrTail: string;
}

export interface TerraformInvocation {
  readonly terraform: string;
  /** Arguments after `-chdir=DIR`. */
  readonly args: readonly string[];
  /** The stack folder. */
  readonly dir: string;
  readonly logFile: string;
  /** Keep stdout out of the log (show -json of a large plan is read, not read by people). */
  readonly quietStdout?: boolean;
}

export function runTerraform(inv: TerraformInvocation): Promise<TerraformRun> {
  return new Promise((resolve) => {
    appendFileSync(inv.logFile, `$ terraform -chdir=${inv.dir} ${inv.args.join(' ')}\n`);
    const child = spawn(inv.terraform, [`-chdir=${inv.dir}`, ...inv.args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, TF_IN_AUTOMATION: '1', TF_INPUT: '0' },
    });
    let out = '';
    let errTail = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      out += d;
      if (!inv.quietStdout) appendFileSync(inv.logFile, d);
    });
    child.stderr.on('data', (d: string) => {
      appendFileSync(inv.logFile, d);
      errTail = (errTail + d).slice(-2000);
    });
    child.on('error', (e) => {
      appendFileSync(inv.logFile, `${e.message}\n`);
      resolve({ code: 127, stdout: '', stderrTail: e.message });
    });
    child.on('close', (code, signal) => {
      appendFileSync(inv.logFile, `# exit ${code ?? signal}\n`);
      resolve({ code: code ?? 128, stdout: out, stderrTail: errTail });
    });
  });
}

/** The first line of Terraform's error that says something (`Error: ...`), for a one-line message. */
export function errorLine(run: TerraformRun): string {
  const lines = run.stderrTail.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.find((l) => l.startsWith('Error:'))?.replace(/^Error:\s*/, '') ?? lines[0] ?? `exit ${run.code}`;
}
