/**
 * The writer of the accounts lock file and of the config files `lz org import` changes: old or
 * new, never between, whatever fails and whenever the process dies.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../../src/org/atomic-write';
import { REPO } from '../support/example';

/** Faults injected into the writer's file system calls; empty means the real ones. */
const mockFaults: { writeSync?: (fd: number, text: string) => number; fsyncSync?: () => void; renameSync?: () => void } = {};
jest.mock('node:fs', () => {
  const real = jest.requireActual<typeof import('node:fs')>('node:fs');
  return {
    ...real,
    writeSync: (...a: Parameters<typeof real.writeSync>) => (mockFaults.writeSync ? mockFaults.writeSync(a[0], a[1] as string) : real.writeSync(...a)),
    fsyncSync: (fd: number) => (mockFaults.fsyncSync ? mockFaults.fsyncSync() : real.fsyncSync(fd)),
    renameSync: (from: string, to: string) => (mockFaults.renameSync ? mockFaults.renameSync() : real.renameSync(from, to)),
  };
});
const realFs = jest.requireActual<typeof import('node:fs')>('node:fs');

const OLD = 'accounts: { old: { id: "111111111111" } }\n';
const NEW = `accounts: { new: { id: "222222222222" } }\n${'# padding\n'.repeat(10_000)}`;

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lz-atomic-'));
  file = join(dir, 'accounts.lock.yaml');
  writeFileSync(file, OLD);
});
afterEach(() => {
  delete mockFaults.writeSync;
  delete mockFaults.fsyncSync;
  delete mockFaults.renameSync;
  rmSync(dir, { recursive: true, force: true });
});

const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });

describe('writeFileAtomic', () => {
  it('GIVEN a disk that fills up halfway through the write THEN the old file stays whole and no temporary file is left', () => {
    mockFaults.writeSync = (fd, text) => {
      realFs.writeSync(fd, text.slice(0, text.length / 2));
      throw enospc();
    };
    expect(() => writeFileAtomic(file, NEW)).toThrow('ENOSPC: no space left on device, write');
    expect(readFileSync(file, 'utf8')).toBe(OLD);
    expect(readdirSync(dir)).toEqual(['accounts.lock.yaml']);
  });

  it('GIVEN an fsync that fails THEN the old file stays whole and no temporary file is left', () => {
    mockFaults.fsyncSync = () => {
      throw Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' });
    };
    expect(() => writeFileAtomic(file, NEW)).toThrow('EIO: i/o error, fsync');
    expect(readFileSync(file, 'utf8')).toBe(OLD);
    expect(readdirSync(dir)).toEqual(['accounts.lock.yaml']);
  });

  it('GIVEN a rename that fails THEN the old file stays whole and no temporary file is left', () => {
    mockFaults.renameSync = () => {
      throw Object.assign(new Error('EXDEV: cross-device link not permitted, rename'), { code: 'EXDEV' });
    };
    expect(() => writeFileAtomic(file, NEW)).toThrow('EXDEV');
    expect(readFileSync(file, 'utf8')).toBe(OLD);
    expect(readdirSync(dir)).toEqual(['accounts.lock.yaml']);
  });

  it('GIVEN nothing fails THEN the file holds the new text', () => {
    writeFileAtomic(file, NEW);
    expect(readFileSync(file, 'utf8')).toBe(NEW);
    expect(readdirSync(dir)).toEqual(['accounts.lock.yaml']);
  });

  /** Runs the compiled writer in a child that is killed (SIGKILL) at a chosen point. */
  function killedAt(point: 'write' | 'rename' | 'after-rename'): { signal: NodeJS.Signals | null } {
    const script = `
      const fs = require('node:fs');
      const die = () => process.kill(process.pid, 'SIGKILL');
      const real = { writeSync: fs.writeSync, renameSync: fs.renameSync };
      if (${JSON.stringify(point)} === 'write') fs.writeSync = (fd, text) => { real.writeSync(fd, text.slice(0, 1000)); die(); };
      if (${JSON.stringify(point)} === 'rename') fs.renameSync = () => die();
      if (${JSON.stringify(point)} === 'after-rename') fs.renameSync = (a, b) => { real.renameSync(a, b); die(); };
      require(${JSON.stringify(join(REPO, 'dist/src/org/atomic-write.js'))}).writeFileAtomic(process.argv[1], fs.readFileSync(0, 'utf8'));
    `;
    const r = spawnSync(process.execPath, ['-e', script, file], { input: NEW, encoding: 'utf8' });
    return { signal: r.signal };
  }

  it('GIVEN the process killed halfway through writing THEN the file is the old one', () => {
    expect(killedAt('write').signal).toBe('SIGKILL');
    expect(readFileSync(file, 'utf8')).toBe(OLD);
  });

  it('GIVEN the process killed between the write and the rename THEN the file is the old one', () => {
    expect(killedAt('rename').signal).toBe('SIGKILL');
    expect(readFileSync(file, 'utf8')).toBe(OLD);
  });

  it('GIVEN the process killed right after the rename THEN the file is the whole new one', () => {
    expect(killedAt('after-rename').signal).toBe('SIGKILL');
    expect(readFileSync(file, 'utf8')).toBe(NEW);
  });
});
