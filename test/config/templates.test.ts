import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REQUIRED_TEMPLATES } from '../../src/policies/template-check';
import { REPO } from '../support/example';

describe('the templates validate renders', () => {
  it('GIVEN the stacks WHEN their template names are read THEN validate requires exactly those', () => {
    const names = new Set<string>();
    for (const file of readdirSync(join(REPO, 'stacks')).filter((f) => f.endsWith('.ts'))) {
      const text = readFileSync(join(REPO, 'stacks', file), 'utf8');
      for (const m of text.matchAll(/(?:renderTemplate\(lz, |template\()'([a-z-]+\/[a-z0-9-]+\.json)'/g)) names.add(m[1]);
    }
    expect([...names].sort()).toEqual([...REQUIRED_TEMPLATES].sort());
  });
});
