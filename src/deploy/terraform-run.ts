/**
 * One terraform invocation in a stack's folder, its output appended to the stack's log file (not
 * the terminal: sixteen stacks at once would interleave), what it printed on stdout kept for the
 * commands that read it (`show -json`).
 *
 * The processes are started by a small helper process of lz's, not by lz itself: starting a
 * process copies the starter's page tables and blocks its event loop until the child has run
 * exec, so the cost grows with the starter's memory. After synthesis lz holds hundreds of MB;
 * at 300 stacks it starts ~1,200 terraform processes, and doing it itself took 15-20 ms of its
 * event loop each, which then bounded the whole deploy. The helper holds ~40 MB and does nothing
 * else; lz only exchanges a message per invocation with it.
 */
import { spawn, type ChildProcess } from 'node:child_process';

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

interface Request extends TerraformInvocation {
  readonly id: number;
  /** lz's environment and working directory now, as a process lz started itself would have them. */
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

interface Answer extends TerraformRun {
  readonly id: number;
}

/** The helper: runs each requested invocation, appends its output to the log, answers when it ended. */
const HELPER = String.raw`
'use strict';
const { spawn } = require('node:child_process');
const { appendFileSync } = require('node:fs');
process.on('disconnect', () => process.exit(0));
process.on('message', (r) => {
  let out = '';
  let errTail = '';
  let answered = false;
  const answer = (code, stderrTail) => {
    if (answered) return;
    answered = true;
    process.send({ id: r.id, code, stdout: out, stderrTail });
  };
  try {
    appendFileSync(r.logFile, '$ terraform -chdir=' + r.dir + ' ' + r.args.join(' ') + '\n');
    const child = spawn(r.terraform, ['-chdir=' + r.dir, ...r.args], { stdio: ['ignore', 'pipe', 'pipe'], env: r.env, cwd: r.cwd });
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (d) => {
      out += d;
      if (!r.quietStdout) appendFileSync(r.logFile, d);
    });
    child.stderr.on('data', (d) => {
      appendFileSync(r.logFile, d);
      errTail = (errTail + d).slice(-2000);
    });
    child.on('error', (e) => {
      try {
        appendFileSync(r.logFile, e.message + '\n');
      } catch {}
      out = '';
      answer(127, e.message);
    });
    child.on('close', (code, signal) => {
      try {
        appendFileSync(r.logFile, '# exit ' + (code ?? signal) + '\n');
      } catch {}
      answer(code ?? 128, errTail);
    });
  } catch (e) {
    answer(127, String(e && e.message ? e.message : e));
  }
});
`;

/** The helper of this lz process, started on first use; it keeps lz alive only while an invocation runs. */
class Launcher {
  private child: ChildProcess | undefined;
  private readonly pending = new Map<number, (run: TerraformRun) => void>();
  private nextId = 0;

  run(inv: TerraformInvocation): Promise<TerraformRun> {
    const child = this.started();
    const id = ++this.nextId;
    const request: Request = { ...inv, id, env: { ...process.env, TF_IN_AUTOMATION: '1', TF_INPUT: '0' }, cwd: process.cwd() };
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      if (this.pending.size === 1) this.hold(child, true);
      child.send(request, (e) => {
        if (e) this.settle(id, { code: 127, stdout: '', stderrTail: `could not hand terraform to lz's process helper: ${e.message}` });
      });
    });
  }

  private started(): ChildProcess {
    if (this.child) return this.child;
    const child = spawn(process.execPath, ['-e', HELPER], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    child.on('message', (a: Answer) => this.settle(a.id, { code: a.code, stdout: a.stdout, stderrTail: a.stderrTail }));
    child.on('exit', (code, signal) => {
      if (this.child === child) this.child = undefined;
      // Whatever it was running can no longer be answered: each such stack fails, naming why.
      for (const id of [...this.pending.keys()]) {
        this.settle(id, { code: 127, stdout: '', stderrTail: `lz's process helper ended (${signal ?? `exit ${code}`}) before terraform did` });
      }
    });
    this.hold(child, false);
    this.child = child;
    return child;
  }

  private settle(id: number, run: TerraformRun): void {
    const resolve = this.pending.get(id);
    if (!resolve) return;
    this.pending.delete(id);
    if (this.pending.size === 0 && this.child) this.hold(this.child, false);
    resolve(run);
  }

  /** Whether the helper keeps lz's event loop alive: only while something waits for it. */
  private hold(child: ChildProcess, yes: boolean): void {
    const channel = child.channel as { ref(): void; unref(): void } | undefined;
    if (yes) {
      child.ref();
      channel?.ref();
    } else {
      child.unref();
      channel?.unref();
    }
  }
}

const launcher = new Launcher();

export function runTerraform(inv: TerraformInvocation): Promise<TerraformRun> {
  return launcher.run(inv);
}

/** The first line of Terraform's error that says something (`Error: ...`), for a one-line message. */
export function errorLine(run: TerraformRun): string {
  const lines = run.stderrTail.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.find((l) => l.startsWith('Error:'))?.replace(/^Error:\s*/, '') ?? lines[0] ?? `exit ${run.code}`;
}
