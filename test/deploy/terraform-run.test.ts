/**
 * lz starts terraform through a helper process of its own (src/deploy/terraform-run.ts): what
 * terraform printed reaches the stack's log and the caller as before, and when the helper itself
 * dies, the invocations it was running fail naming that, and the next invocation starts a new one.
 */
import { chmodSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorLine, runTerraform } from '../../src/deploy/terraform-run';

function fakeTerraform(dir: string, script: string, name = 'terraform'): string {
  const file = join(dir, name);
  writeFileSync(file, `#!/usr/bin/env bash\n${script}\n`);
  chmodSync(file, 0o755);
  return file;
}

describe('runTerraform', () => {
  it("appends the command and its output to the log, keeps stdout for the caller, and reports the exit code and stderr's error line", async () => {
    // GIVEN a terraform that prints to both streams and exits 3
    const dir = mkdtempSync(join(tmpdir(), 'lz-tf-run-'));
    const terraform = fakeTerraform(dir, 'echo "out $1 $2"; echo "Error: it broke" >&2; exit 3');
    const log = join(dir, 'stack.log');
    writeFileSync(log, '# lz: s\n');
    // WHEN it runs
    const run = await runTerraform({ terraform, dir, args: ['plan'], logFile: log });
    // THEN
    expect([run.code, run.stdout, errorLine(run)]).toEqual([3, `out -chdir=${dir} plan\n`, 'it broke']);
    expect(readFileSync(log, 'utf8')).toBe(`# lz: s\n$ terraform -chdir=${dir} plan\nout -chdir=${dir} plan\nError: it broke\n# exit 3\n`);
  });

  it("runs terraform in lz's working directory and environment of the moment, as a process lz started would have them", async () => {
    // GIVEN a terraform that prints its working directory and a variable
    const dir = mkdtempSync(join(tmpdir(), 'lz-tf-run-'));
    const terraform = fakeTerraform(dir, 'echo "$PWD $LZ_TEST_VALUE"');
    const before = process.cwd();
    // WHEN lz's working directory and environment change after the helper started, and it runs
    await runTerraform({ terraform, dir, args: [], logFile: join(dir, 'log') });
    process.env.LZ_TEST_VALUE = 'now';
    process.chdir(dir);
    try {
      const run = await runTerraform({ terraform, dir, args: [], logFile: join(dir, 'log') });
      // THEN it saw them
      expect(run.stdout).toBe(`${realpathSync(dir)} now\n`);
    } finally {
      process.chdir(before);
      delete process.env.LZ_TEST_VALUE;
    }
  });

  it('fails the invocations of a helper that died, naming it, and starts a new helper for the next', async () => {
    // GIVEN a terraform that kills the process that started it (lz's helper), then waits
    const dir = mkdtempSync(join(tmpdir(), 'lz-tf-run-'));
    const log = join(dir, 'stack.log');
    writeFileSync(log, '');
    const killer = fakeTerraform(dir, 'kill -9 $PPID; sleep 1', 'killer');
    // WHEN it runs
    const run = await runTerraform({ terraform: killer, dir, args: ['apply'], logFile: log });
    // THEN it failed, saying why
    expect([run.code, errorLine(run)]).toEqual([127, "lz's process helper ended (SIGKILL) before terraform did"]);
    // AND the next invocation runs
    const ok = fakeTerraform(dir, 'echo fine', 'fine');
    expect(await runTerraform({ terraform: ok, dir, args: ['version'], logFile: log })).toEqual({ code: 0, stdout: 'fine\n', stderrTail: '' });
  });
});
