/** Runs `lz` in-process with captured output. */
import { main } from '../../src/cli/main';
import { inDir } from './example';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function lz(dir: string, ...argv: string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io = { out: (t: string) => void (stdout += `${t}\n`), err: (t: string) => void (stderr += `${t}\n`) };
  const before = process.cwd();
  process.chdir(dir);
  try {
    const code = await main(argv, io);
    return { code, stdout, stderr };
  } finally {
    process.chdir(before);
  }
}

export { inDir };
