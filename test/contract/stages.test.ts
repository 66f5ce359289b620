/**
 * The stage contracts: written down once, documented in the README, and the layers kept: modules
 * never import stacks, the organization API never imports the CLI, the contract imports neither.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { STAGE_FACTS, stageContractTable } from '../../src/contract/stages';
import { REPO } from '../support/example';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Every relative import of a file, as a path from the repository root. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|require\()\s*'(\.[^']+)'/g)].map((m) => relative(REPO, resolve(dirname(file), m[1])));
}

function offenders(folder: string, forbidden: RegExp): string[] {
  return sources(join(REPO, folder)).flatMap((file) => importsOf(file).filter((i) => forbidden.test(i)).map((i) => `${relative(REPO, file)} -> ${i}`));
}

describe('stage contracts', () => {
  it('GIVEN the README THEN its stage table is the one STAGE_FACTS generates', () => {
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    const start = readme.indexOf('<!-- stage-contract:start -->\n') + '<!-- stage-contract:start -->\n'.length;
    const end = readme.indexOf('<!-- stage-contract:end -->');
    expect(readme.slice(start, end)).toBe(`${stageContractTable()}\n`);
    expect(stageContractTable().split('\n')).toHaveLength(2 + STAGE_FACTS.length);
    expect(stageContractTable()).toContain('| permissions boundary | `/landing-zone/product-boundary` | 5 baseline-<account> |');
  });

  it('GIVEN the layers THEN no module imports a stack', () => {
    expect(offenders('modules', /^stacks\//)).toEqual([]);
  });

  it('GIVEN the layers THEN the organization API imports no CLI code and no stack', () => {
    expect(offenders('src/org', /^(src\/cli|stacks)\//)).toEqual([]);
  });

  it('GIVEN the layers THEN the contract imports no stack, module or command', () => {
    expect(offenders('src/contract', /^(stacks|modules|src\/cli|src\/org|src\/synth)\//)).toEqual([]);
  });
});
