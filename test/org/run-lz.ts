/** Runs `lz` in-process inside a project folder, capturing what it prints. */
import { main } from '../../src/cli/main';

export interface LzRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function lzIn(dir: string, ...argv: string[]): Promise<LzRun> {
  let stdout = '';
  let stderr = '';
  const io = { out: (t: string) => void (stdout += `${t}\n`), err: (t: string) => void (stderr += `${t}\n`) };
  const before = process.cwd();
  process.chdir(dir);
  try {
    return { code: await main(argv, io), stdout, stderr };
  } finally {
    process.chdir(before);
  }
}
