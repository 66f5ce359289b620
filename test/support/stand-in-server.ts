/**
 * The stand-in terraform's server (`node stand-in-terraform.js --serve`), for tests that run it
 * hundreds of times: lz runs STAND_IN_SH, which hands each invocation to the server when
 * STAND_IN_SERVER names its port.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export const STAND_IN_JS = join(__dirname, 'stand-in-terraform.js');
export const STAND_IN_SH = join(__dirname, 'stand-in-terraform.sh');

export interface StandInServer {
  /** The port, for STAND_IN_SERVER. */
  readonly port: string;
  stop(): Promise<void>;
}

export function startStandInServer(): Promise<StandInServer> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [STAND_IN_JS, '--serve'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    child.on('exit', (code) => reject(new Error(`the stand-in server exited with ${code} before it listened:\n${err}`)));
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /STAND_IN_SERVER=(\d+)\n/.exec(out);
      if (!m) return;
      child.stdout!.removeAllListeners('data');
      child.removeAllListeners('exit');
      resolve({
        port: m[1],
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}
