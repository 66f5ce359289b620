/**
 * Config files are read by a fast values-only parser where it reads them exactly as `yaml` (YAML
 * 1.2 core schema) does, and by `yaml` everywhere else: these cases hold the two to one meaning.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { YamlFile } from '../../src/config/yaml-file';
import { REPO } from '../support/example';

const full = (text: string) => parseDocument(text, { uniqueKeys: true }).toJS({ maxAliasCount: 100 }) as unknown;

const TRICKY = [
  'a: 012', // YAML 1.1 octal; 1.2 decimal 12
  'a: 0o17',
  'a: 0x1F',
  'a: 0b101',
  'a: 1_000',
  'a: 190:20:30',
  'a: 1:20',
  'a: yes',
  'a: no',
  'a: on',
  'a: y',
  'a: True',
  'a: NULL',
  'a: ~',
  'a:',
  'a: .inf',
  'a: -.Inf',
  'a: .NaN',
  'a: 1e3',
  'a: .5',
  'a: 5.',
  'a: +12',
  'a: -0',
  'a: 2001-12-14',
  'a: "0\\t1"',
  "a: 'it''s'",
  'a: |\n  x\n  y\n',
  'a: >\n  x\n  y\n',
  'a: &x 1\nb: *x',
  'a: !!str 1',
  '<<: {a: 1}',
  '? [a, b]\n: 1',
  '--- \na: 1',
  'a: b\n  c',
  'a: [1, 2, {b: c}]',
  'a: "x\\u00e9"',
  '1: one',
  'a: 4294967294',
  'a: 10.30.0.0/18',
  '# only a comment',
  '',
];

describe('the YAML fast path', () => {
  it.each(TRICKY.map((t) => [JSON.stringify(t), t]))('GIVEN %s THEN the value is what yaml reads', (_name, text) => {
    const { yaml, problems } = YamlFile.parse(text, 'x.yaml');
    expect(problems).toEqual([]);
    expect(yaml!.value()).toEqual(full(text));
  });

  it('GIVEN every config file of the example THEN the values are what yaml reads', () => {
    const files = ['config/organization.yaml', 'config/accounts.lock.yaml', ...readdirSync(join(REPO, 'config/products')).map((f) => `config/products/${f}`)];
    for (const f of files) {
      const text = readFileSync(join(REPO, f), 'utf8');
      expect(YamlFile.parse(text, f).yaml!.value()).toEqual(full(text));
    }
  });

  it('GIVEN a duplicate key or a syntax error THEN yaml places it', () => {
    expect(YamlFile.parse('a: 1\nb: 2\na: 3\n', 'x.yaml').problems).toEqual([
      { file: 'x.yaml', line: 3, col: 1, message: 'is not valid YAML: Map keys must be unique', fix: 'correct the YAML syntax at this place' },
    ]);
    expect(YamlFile.parse('a: [1, 2\n', 'x.yaml').problems[0]).toMatchObject({ file: 'x.yaml', line: 2, message: expect.stringMatching(/^is not valid YAML: /) });
  });
});
