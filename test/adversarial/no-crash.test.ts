/**
 * No crash is the user's problem: a held lock is a refusal naming its holder, a bug is one line
 * with exit 1 and no stack trace.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { hostname } from 'node:os';
import { guard } from '../../src/cli/run';
import { snapshot } from './harness';
import { exampleProject } from '../support/example';
import { lz } from '../support/cli';

let holder: ChildProcess | undefined;
afterEach(() => holder?.kill('SIGKILL'));

function capture() {
  let stderr = '';
  return { io: { out: () => undefined, err: (t: string) => void (stderr += `${t}\n`) }, stderr: () => stderr };
}

describe('internal errors', () => {
  it('GIVEN a bug that throws a multi-line error THEN one line, exit 1, no stack trace', async () => {
    const { io, stderr } = capture();
    const error = new TypeError("Cannot read properties of undefined (reading 'x')\n    at secret (/home/ci/app.js:1:1)");
    const code = await guard(async () => {
      throw error;
    }, io);
    expect(code).toBe(1);
    expect(stderr()).toBe(
      "lz: internal error: TypeError: Cannot read properties of undefined (reading 'x') (a bug in landing-zone, not in your input: rerun with LZ_DEBUG=1 for the stack trace and report it)\n",
    );
  });

  it('GIVEN a thrown value that is not an Error and a huge message THEN still one bounded line', async () => {
    const { io, stderr } = capture();
    expect(await guard(async () => Promise.reject(`${'x'.repeat(100_000)}`), io)).toBe(1);
    expect(stderr()).toBe(`lz: internal error: ${'x'.repeat(200)}… (a bug in landing-zone, not in your input: rerun with LZ_DEBUG=1 for the stack trace and report it)\n`);
  });
});

describe('a config folder held by another command', () => {
  it('GIVEN a running command holds the lock WHEN `lz product add` runs THEN it is refused naming the holder, and nothing is written', async () => {
    const project = exampleProject();
    const previous = process.env.LZ_CONFIG_LOCK_WAIT_MS;
    process.env.LZ_CONFIG_LOCK_WAIT_MS = '200';
    try {
      holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
      const lock = JSON.stringify({ pid: holder.pid, host: hostname(), command: 'lz accounts sync', since: '2026-11-23T00:00:00.000Z' });
      project.write('config/.lz.lock', lock);
      const before = snapshot(project.dir);
      const r = await lz(project.dir, 'product', 'add', 'search', '--team', 'Search', '--owner-email', 'search@acme.example', '--cost-centre', 'CC-7');
      expect(r).toEqual({
        code: 2,
        stdout: '',
        stderr: `config/.lz.lock: is held by \`lz accounts sync\` (pid ${holder.pid} on ${hostname()}, since 2026-11-23T00:00:00.000Z); wait for it to finish and run this again; if no lz command is running, delete config/.lz.lock\n`,
      });
      expect(snapshot(project.dir)).toEqual(before);
    } finally {
      if (previous === undefined) delete process.env.LZ_CONFIG_LOCK_WAIT_MS;
      else process.env.LZ_CONFIG_LOCK_WAIT_MS = previous;
      project.remove();
    }
  });
});
