/**
 * A moto server (the AWS API emulator from PyPI) on a free 127.0.0.1 port, for tests that talk to
 * a real HTTP API. scripts/install-python-peers.sh installs it into .venv. When it is missing or
 * does not start, the tests fail with a message that says how to install it: never skipped.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const MOTO_SERVER = join(__dirname, '..', '..', '.venv', 'bin', 'moto_server');

export interface MotoServer {
  readonly url: string;
  /** Forgets every resource, so that each test starts from an empty AWS. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitUntilUp(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const until = Date.now() + 30_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`moto server exited with code ${child.exitCode} before it answered:\n${output()}`);
    try {
      const res = await fetch(`${url}/moto-api/`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`moto server did not answer on ${url} within 30 s:\n${output()}`);
}

/** Starts moto and sets the environment the AWS SDK reads (fake credentials, the region). */
export async function startMoto(): Promise<MotoServer> {
  if (!existsSync(MOTO_SERVER)) {
    throw new Error(`moto server is not installed: ${MOTO_SERVER} is missing. Run scripts/install-python-peers.sh (npm test and .ci/run do).`);
  }
  process.env.AWS_ACCESS_KEY_ID = 'testing';
  process.env.AWS_SECRET_ACCESS_KEY = 'testing';
  process.env.AWS_REGION = 'us-east-1';
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_SESSION_TOKEN;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let log = '';
  const child = spawn(MOTO_SERVER, ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d) => (log = (log + d).slice(-4000)));
  child.stderr!.on('data', (d) => (log = (log + d).slice(-4000)));
  await waitUntilUp(url, child, () => log);
  return {
    url,
    async reset() {
      const res = await fetch(`${url}/moto-api/reset`, { method: 'POST' });
      if (!res.ok) throw new Error(`moto reset failed: ${res.status}`);
    },
    stop() {
      return new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    },
  };
}

/**
 * One moto server for the test file that calls it: started before its tests, emptied before each,
 * stopped after. The returned handle reads the running server.
 */
export function useMoto(): MotoServer {
  let server: MotoServer | undefined;
  const running = () => {
    if (!server) throw new Error('moto server is not running: useMoto() must be called at the top of a test file');
    return server;
  };
  beforeAll(async () => {
    server = await startMoto();
  });
  afterAll(async () => {
    await server?.stop();
  });
  beforeEach(async () => {
    await running().reset();
  });
  return {
    get url() {
      return running().url;
    },
    reset: () => running().reset(),
    stop: () => running().stop(),
  };
}
