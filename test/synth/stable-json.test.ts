/**
 * src/synth/stable-json.ts writes each stack's Terraform JSON in place of cdktf's synthesizer, which
 * writes with json-stable-stringify (space 2). The bytes must be the library's on every case it
 * distinguishes; the library here is the one cdktf itself loads.
 */

import { stableJson } from '../../src/synth/stable-json';
import { dirname, join } from 'node:path';
import { loadLandingZone } from '../../src/config/load';
import { synthStack } from '../support/synth';
import { REPO } from '../support/example';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const cdktfStringify = require(require.resolve('json-stable-stringify', { paths: [dirname(require.resolve('cdktf'))] })) as (v: unknown, o: { space: number }) => string | undefined;
const library = (value: unknown) => cdktfStringify(value, { space: 2 });

describe('stableJson', () => {
  it('GIVEN a small document THEN it writes keys in code-unit order, two-space indent, no trailing newline', () => {
    expect(stableJson({ b: 1, a: { d: [true, null], c: 'x' }, B: 'upper' })).toBe(
      ['{', '  "B": "upper",', '  "a": {', '    "c": "x",', '    "d": [', '      true,', '      null', '    ]', '  },', '  "b": 1', '}'].join('\n'),
    );
  });

  it.each([
    ['empty object and array at every depth', { e: {}, l: [], n: { m: { o: {}, p: [[], {}] } } }],
    ['an empty document', {}],
    ['an empty list', []],
    ['undefined in an object (dropped) and in a list (null)', { a: undefined, b: [undefined, 1, undefined], c: { d: undefined } }],
    ['integer-like keys (string order, not numeric)', { '10': 'a', '2': 'b', '1': 'c', a: 'd', '-1': 'e', '01': 'f' }],
    ['strings that need escapes', { 'quote"key': 'line\nbreak\ttab "q" \\ \u0000 \u2028 é 😀', '': 'empty key' }],
    ['numbers', { z: -0, big: 1e21, small: 5e-7, nan: NaN, inf: Infinity, neg: -1.5, int: 42 }],
    ['toJSON and other values', { date: new Date(Date.UTC(2026, 10, 23)), fn: () => 1, sym: Symbol('s'), nested: { toJSON: () => ({ y: 1, x: [] }) } }],
    ['lists of lists of objects', [[{ b: 1, a: 2 }], [], [[[]]]]],
    ['top-level primitives', 'text'],
    ['a top-level number', 12],
    ['null', null],
  ])('GIVEN %s THEN it writes what json-stable-stringify writes', (_, value) => {
    expect(stableJson(value)).toBe(library(value));
  });

  it('GIVEN a top-level undefined THEN both give undefined', () => {
    expect(stableJson(undefined)).toBeUndefined();
    expect(library(undefined)).toBeUndefined();
  });

  it('GIVEN a cycle THEN it throws as the library does', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = { back: cyclic };
    expect(() => library(cyclic)).toThrow(new TypeError('Converting circular structure to JSON'));
    expect(() => stableJson(cyclic)).toThrow(new TypeError('Converting circular structure to JSON'));
  });

  it('GIVEN the same object twice side by side (no cycle) THEN both write it twice', () => {
    const shared = { k: 'v' };
    const value = { a: shared, b: [shared, shared] };
    expect(stableJson(value)).toBe(library(value));
  });

  it.each(['organization', 'baseline-payments-prod'])('GIVEN the Terraform JSON of the example %s stack THEN the bytes are the same', (name) => {
    const { json } = synthStack(loadLandingZone(join(REPO, 'config')), name);
    const text = stableJson(json);
    expect(text!.length).toBeGreaterThan(10_000);
    expect(text).toBe(library(json));
  });
});
