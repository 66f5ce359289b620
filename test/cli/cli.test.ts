import { exampleProject, type TestProject } from '../support/example';
import { lz } from '../support/cli';
import { COMMANDS } from '../../src/cli/commands';

let project: TestProject;
beforeAll(() => {
  project = exampleProject();
});
afterAll(() => project.remove());

describe('lz exit codes and help', () => {
  it('GIVEN a valid config WHEN validated THEN it exits 0 and says so', async () => {
    const r = await lz(project.dir, 'validate');
    expect(r).toEqual({ code: 0, stdout: '12 accounts, 7 OUs, 3 products: config is valid.\n', stderr: '' });
  });

  it('GIVEN no command THEN it prints the overview and exits 2', async () => {
    const r = await lz(project.dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('Usage: lz COMMAND [OPTIONS]');
  });

  it('GIVEN an unknown command THEN it exits 2 listing the commands', async () => {
    const r = await lz(project.dir, 'synthesize');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^command line: unknown command "synthesize"; run one of: validate, synth, schema/);
  });

  it('GIVEN an unknown option THEN it exits 2 with the usage', async () => {
    const r = await lz(project.dir, 'validate', '--confg', 'x');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("command line: lz validate: Unknown option '--confg'; usage: lz validate [--config DIR] (lz validate --help)\n");
  });

  it('GIVEN a missing config folder THEN it exits 2 without a stack trace', async () => {
    const r = await lz(project.dir, 'validate', '--config', 'nowhere');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('nowhere/organization.yaml: does not exist; point --config at a folder with organization.yaml, or create one (see README "Config reference")\n');
  });

  it.each(COMMANDS.map((c) => c.name))('GIVEN `lz %s --help` THEN it prints the usage and exits 0', async (name) => {
    const r = await lz(project.dir, ...name.split(' '), '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Usage: lz ${name}`));
    expect(r.stdout).toContain('Exit codes:');
  });
});
