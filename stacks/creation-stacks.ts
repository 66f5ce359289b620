/**
 * The one place that adapts cdktf 0.21.0's internals for speed (cdktf is pinned and archived
 * upstream). Each change keeps the output byte for byte, and each checks at load time that the
 * cdktf code it replaces is the code it was written against: if cdktf changes, the adapter stays
 * off (plain cdktf, slower, same output) and test/stacks/cdktf-adapter.test.ts fails loudly.
 *
 * 1. Creation stack traces. cdktf records a full JavaScript stack trace whenever it creates a token
 *    or a complex attribute (every resource makes several), only to name the creation site in its own
 *    internal errors: a third of `lz synth` of a 300-account organization. Off unless LZ_DEBUG=1.
 *
 * 2. Token resolution. `App.synth` resolves every element of every stack three times: once in
 *    `prepareStack` (a "preparing" run that finds cross-stack references), once more in `toTerraform`,
 *    and then the merged, already resolved document once again. When the app has made no cross-stack
 *    reference and the stack has no aspects, the preparing run's result is what the second run
 *    computes, so it is kept and reused; and the last run is skipped when the merged document holds
 *    nothing left to resolve (no token marker, no token number, no resolvable object), where it is
 *    a copy. ~60% of synth CPU before, measured with `node --cpu-prof` (README, "Development").
 *
 * 3. Small things per element: an element's empty metadata is not resolved, and keysToSnakeCase
 *    computes each key's snake case once per process.
 *
 * 4. The stack's write. `synthesizeStack` does what cdktf's `StackSynthesizer.synthesize` does
 *    (aspects, validations, custom synthesis, annotations into the manifest) up to the write, and
 *    hands back the stack's Terraform JSON instead of writing it: lz synth writes the bytes itself
 *    (src/synth/stable-json.ts, the same bytes), without blocking on the disk, and checks the policy
 *    model against the object rather than reading the file back. Stacks are synthesized one at a
 *    time as they are built (no stack refers to another's resources: a cross-stack reference turns
 *    the adapter off for the app, see 2).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AnnotationMetadataEntryType, App, Aspects, type Manifest, TerraformElement, TerraformOutput, TerraformStack, Tokenization } from 'cdktf';
import { ConstructOrder, type IConstruct } from 'constructs';
import * as synthesizer from 'cdktf/lib/synthesize/synthesizer';
import * as cdktfErrors from 'cdktf/lib/errors';
import { ValidateTerraformVersion } from 'cdktf/lib/validations/validate-terraform-version';
import { LzError } from '../src/errors';
import * as stackTrace from 'cdktf/lib/tokens/private/stack-trace';
import * as tokens from 'cdktf/lib/_tokens';
import * as util from 'cdktf/lib/util';
import * as encoding from 'cdktf/lib/tokens/private/encoding';

/** sha256 (first 16 hex digits) of each cdktf function this file replaces or relies on, as in cdktf 0.21.0. */
export const CDKTF_SOURCES = {
  'TerraformStack.prototype.prepareStack': '7f39aeeb3fcd23a8',
  'TerraformStack.prototype.toTerraform': '07d724012b247878',
  'App.prototype.synth': 'e8cbafe6ec95f0b0',
  'App.prototype.crossStackReference': '08b9931fa5805775',
  'StackSynthesizer.prototype.synthesize': '32195be4424ec652',
  'util.keysToSnakeCase': '1af590549088b548',
  'util.snakeCase': '383d16c8c64a449e',
} as const;

/** What the replaced methods read of a stack, private in cdktf's types. */
interface StackInternals {
  readonly cdktfVersion: string;
  readonly rawOverrides: Record<string, unknown>;
}
const internals = (stack: TerraformStack) => stack as unknown as StackInternals;

const current: Record<keyof typeof CDKTF_SOURCES, unknown> = {
  'TerraformStack.prototype.prepareStack': TerraformStack.prototype.prepareStack,
  'TerraformStack.prototype.toTerraform': TerraformStack.prototype.toTerraform,
  'App.prototype.synth': App.prototype.synth,
  'App.prototype.crossStackReference': (App.prototype as unknown as { crossStackReference: unknown }).crossStackReference,
  'StackSynthesizer.prototype.synthesize': synthesizer.StackSynthesizer?.prototype.synthesize,
  'util.keysToSnakeCase': util.keysToSnakeCase,
  'util.snakeCase': util.snakeCase,
};

const fingerprint = (f: unknown) => (typeof f === 'function' ? createHash('sha256').update(f.toString()).digest('hex').slice(0, 16) : 'missing');

/** The cdktf functions that differ from the ones this adapter was written against (none with cdktf 0.21.0). */
export function changedCdktfInternals(): string[] {
  const changed = Object.entries(CDKTF_SOURCES)
    .filter(([name, hash]) => fingerprint(current[name as keyof typeof CDKTF_SOURCES]) !== hash)
    .map(([name]) => name);
  for (const [name, f] of [
    ['cdktf/lib/_tokens resolve', tokens.resolve],
    ['cdktf/lib/util deepMerge', util.deepMerge],
    ['cdktf/lib/tokens/private/encoding extractTokenDouble', encoding.extractTokenDouble],
    ['cdktf/lib/tokens/private/stack-trace captureStackTrace', stackTrace.captureStackTrace],
    ['cdktf/lib/synthesize/synthesizer invokeAspects', synthesizer.invokeAspects],
    ['cdktf/lib/errors encounteredAnnotationWithLevelError', cdktfErrors.encounteredAnnotationWithLevelError],
  ] as const) {
    if (typeof f !== 'function') changed.push(name);
  }
  return changed;
}

/** Whether the resolution adapter is on: cdktf is the version it was written for, and LZ_PLAIN_CDKTF=1 (for comparisons) does not turn it off. */
export const RESOLUTION_ADAPTED = changedCdktfInternals().length === 0 && process.env.LZ_PLAIN_CDKTF !== '1';

if (!process.env.LZ_DEBUG && typeof stackTrace.captureStackTrace === 'function') {
  (stackTrace as { captureStackTrace: (below?: unknown) => string[] }).captureStackTrace = () => [];
}

/** As cdktf's own (private) terraformElements: every element of the stack, not descending into nested stacks. */
function terraformElements(node: { node: { children: readonly unknown[] } }, into: TerraformElement[] = []): TerraformElement[] {
  if (TerraformElement.isTerraformElement(node)) into.push(node);
  for (const child of node.node.children) {
    if (!TerraformStack.isStack(child)) terraformElements(child as { node: { children: readonly unknown[] } }, into);
  }
  return into;
}

/** Apps in which the preparing run made a cross-stack reference: their stacks resolve as cdktf does. */
const crossStackApps = new WeakSet<object>();
/** The preparing run's result per element of each prepared stack, used once by toTerraform. */
const prepared = new WeakMap<TerraformStack, Map<TerraformElement, unknown>>();

const STRING_MARKERS = [encoding.BEGIN_STRING_TOKEN_MARKER, encoding.BEGIN_LIST_TOKEN_MARKER, encoding.BEGIN_MAP_TOKEN_MARKER];
const NUMBERS = /[-|\d|.+]+(e[-|\d|.|e|E|+]+)/g;
/** What cdktf's number pattern (NUMBERS) needs at least: one of its leading characters right before an `e`. */
const NUMBER_HINT = /[-|\d.+]e/;

/**
 * Whether resolving `value` gives `value` back unchanged but for object keys whose value is
 * `undefined` (resolution drops them; so does every JSON writer): plain data with no token marker in
 * any string or key, no number that encodes a token (alone or written inside a string), no
 * `undefined` in an array, and no object other than plain objects and arrays.
 */
export function fullyResolved(value: unknown): boolean {
  switch (typeof value) {
    case 'boolean':
      return true;
    case 'number':
      return encoding.extractTokenDouble(value, false) === undefined && encoding.extractTokenDouble(value, true) === undefined;
    case 'string':
      return plainString(value);
    case 'object': {
      if (value === null) return true;
      if (Array.isArray(value)) return value.every((v) => v !== undefined && fullyResolved(v));
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return false;
      if (typeof (value as { resolve?: unknown }).resolve === 'function') return false;
      for (const [k, v] of Object.entries(value)) {
        if (!plainString(k) || (v !== undefined && !fullyResolved(v))) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

function plainString(s: string): boolean {
  if (s.includes('TfToken[')) {
    for (const marker of STRING_MARKERS) if (s.includes(marker)) return false;
  }
  // A number token is a negative double near -1e298 written out, so a digit, sign or dot right before
  // an `e` is needed for cdktf's number pattern to find one; most strings have none.
  if (!NUMBER_HINT.test(s)) return true;
  NUMBERS.lastIndex = 0;
  for (const match of s.matchAll(NUMBERS)) {
    const n = parseFloat(match[0]);
    if (encoding.extractTokenDouble(n, false) !== undefined || encoding.extractTokenDouble(n, true) !== undefined) return false;
  }
  return true;
}

/**
 * cdktf's `resolve`, walking plain objects and arrays itself and handing cdktf only the parts that
 * hold something to resolve. Resolving a plain object or array passes no context down (only a
 * token's own resolution does), so each handed-over part resolves exactly as it would inside the
 * whole; what is plain comes back as it was, without `undefined` keys and array elements, as
 * cdktf returns it.
 */
export function resolveFast(scope: TerraformStack, value: unknown, preparing: boolean): unknown {
  switch (typeof value) {
    case 'undefined':
    case 'boolean':
      return value;
    case 'number':
    case 'string':
      return fullyResolved(value) ? value : tokens.resolve(scope, value, preparing);
    case 'object': {
      if (value === null) return value;
      if (Array.isArray(value)) {
        if (value.some((v) => (typeof v === 'string' || typeof v === 'number') && !fullyResolved(v))) return tokens.resolve(scope, value, preparing);
        const out: unknown[] = [];
        for (const v of value) {
          const r = resolveFast(scope, v, preparing);
          if (r !== undefined) out.push(r);
        }
        return out;
      }
      const proto = Object.getPrototypeOf(value);
      if ((proto !== Object.prototype && proto !== null) || typeof (value as { resolve?: unknown }).resolve === 'function' || Object.keys(value).some((k) => !plainString(k))) {
        return tokens.resolve(scope, value, preparing);
      }
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        const r = resolveFast(scope, v, preparing);
        if (r !== undefined) out[k] = r;
      }
      return out;
    }
    default:
      return tokens.resolve(scope, value, preparing);
  }
}

function hasAspects(stack: TerraformStack): boolean {
  return stack.node.findAll().some((c) => Aspects.of(c).all.length > 0);
}

const plain = {
  prepareStack: TerraformStack.prototype.prepareStack,
  toTerraform: TerraformStack.prototype.toTerraform,
};

/** Runs `fn` with cdktf's own resolution, for tests that compare the adapter's output with cdktf's. */
export function withPlainCdktf<T>(fn: () => T): T {
  const adapted = { prepareStack: TerraformStack.prototype.prepareStack, toTerraform: TerraformStack.prototype.toTerraform };
  Object.assign(TerraformStack.prototype, plain);
  try {
    return fn();
  } finally {
    Object.assign(TerraformStack.prototype, adapted);
  }
}

if (RESOLUTION_ADAPTED) {
  const { resolve } = tokens;
  const { deepMerge } = util;
  const crossStackReference = (App.prototype as unknown as { crossStackReference: (...args: unknown[]) => unknown }).crossStackReference;
  (App.prototype as unknown as { crossStackReference: (...args: unknown[]) => unknown }).crossStackReference = function (this: App, ...args: unknown[]) {
    crossStackApps.add(this);
    return crossStackReference.apply(this, args);
  };

  TerraformStack.prototype.prepareStack = function (this: TerraformStack) {
    this.ensureBackendExists();
    // A preparing resolve run might add new resources to the stack, e.g. for cross stack references.
    const fragments = new Map<TerraformElement, unknown>();
    for (const e of terraformElements(this)) fragments.set(e, resolveFast(this, e.toTerraform(), true));
    prepared.set(this, fragments);
  };

  TerraformStack.prototype.toTerraform = function (this: TerraformStack) {
    const { cdktfVersion, rawOverrides } = internals(this);
    const kept = prepared.get(this);
    prepared.delete(this);
    const reuse = kept && !crossStackApps.has(App.of(this)) && !hasAspects(this);
    const tf: Record<string, unknown> = {};
    const metadata = {
      version: cdktfVersion,
      stackName: this.node.id,
      backend: 'local',
      cloud: undefined,
      ...(Object.keys(rawOverrides).length > 0 ? { overrides: { stack: Object.keys(rawOverrides) } } : {}),
    };
    const elements = terraformElements(this);
    for (const element of elements) {
      const meta: unknown = element.toMetadata();
      // Most elements have none, and resolving an empty plain object gives an empty object.
      if (meta && Object.getPrototypeOf(meta) === Object.prototype && Object.keys(meta).length === 0) continue;
      deepMerge(metadata, resolve(this, meta));
    }
    const outputs = elements.reduce((carry, item) => {
      if (!TerraformOutput.isTerraformOutput(item)) return carry;
      deepMerge(
        carry,
        item.node.path.split('/').reduceRight((inner: Record<string, unknown>, part) => (Object.keys(inner).length === 0 ? { [part]: item.friendlyUniqueId } : { [part]: inner }), {}),
      );
      return carry;
    }, {});
    tf['//'] = { metadata, outputs };
    const fragments = elements.map((e) => (reuse && kept.has(e) ? kept.get(e) : resolveFast(this, e.toTerraform(), false)));
    for (const fragment of fragments) deepMerge(tf, fragment);
    deepMerge(tf, rawOverrides);
    return fullyResolved(tf) ? tf : resolve(this, tf);
  };

  // cdktf's keysToSnakeCase, with each key's snake case computed once per process rather than
  // with three regular expressions per key of every element (cdktf calls it through the module's
  // exports, so this one is what it calls).
  const { snakeCase } = util;
  const snaked = new Map<string, string>();
  const snake = (key: string) => {
    let s = snaked.get(key);
    if (s === undefined) snaked.set(key, (s = snakeCase(key)));
    return s;
  };
  const keysToSnakeCase = (object: unknown): unknown => {
    if (Tokenization.isResolvable(object)) return object;
    if (Array.isArray(object)) return object.map((e: unknown) => (typeof e === 'object' ? keysToSnakeCase(e) : e));
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(object as object)) {
      if (key === 'tags' || key === 'environment') {
        out[key] = (object as Record<string, unknown>)[key];
        continue;
      }
      let value = (object as Record<string, unknown>)[key];
      if (typeof value === 'object') value = keysToSnakeCase(value);
      if (Array.isArray(value)) value = value.map((e: unknown) => (typeof e === 'object' ? keysToSnakeCase(e) : e));
      out[snake(key)] = value;
    }
    return out;
  };
  (util as { keysToSnakeCase: (object: unknown) => unknown }).keysToSnakeCase = keysToSnakeCase;
}

const CUSTOM_SYNTHESIS = Symbol.for('cdktf/customSynthesis');
const ANNOTATION_LEVELS: readonly string[] = [AnnotationMetadataEntryType.INFO, AnnotationMetadataEntryType.WARN, AnnotationMetadataEntryType.ERROR];

/** What one stack synthesized to: its Terraform JSON and where cdktf writes it, relative to the output folder. */
export interface SynthesizedStack {
  readonly terraform: Record<string, unknown>;
  readonly file: string;
}

/**
 * cdktf's `stack.prepareStack()` then `stack.synthesizer.synthesize(session)` for one stack (what
 * `App.synth` does per stack), up to the write: the stack's folder is made and its manifest entry
 * filled, and the Terraform JSON is returned for the caller to write. Only with the adapter on
 * (RESOLUTION_ADAPTED); otherwise the caller synthesizes with cdktf's own `App.synth`.
 */
export function synthesizeStack(stack: TerraformStack, session: { readonly outdir: string; readonly skipValidation: boolean; readonly manifest: Manifest }): SynthesizedStack {
  if (!RESOLUTION_ADAPTED) throw new Error('synthesizeStack needs the cdktf adapter, which is off (LZ_PLAIN_CDKTF=1 or a changed cdktf)');
  stack.prepareStack();
  if (crossStackApps.has(App.of(stack))) {
    throw LzError.of(
      `stack ${stack.node.id}`,
      'refers to a resource of another stack (a cross-stack reference), which lz synth does not build',
      'read what another stack publishes from Parameter Store through the contract (src/contract) instead of referring to its resources',
    );
  }
  synthesizer.invokeAspects(stack);
  if (stack.hasResourceMove()) {
    stack.node.addValidation(new ValidateTerraformVersion('>=1.5', 'Resource move functionality is only supported for Terraform >=1.5. Please upgrade your Terraform version.'));
  }
  if (!session.skipValidation) stack.runAllValidations();
  const stackManifest = session.manifest.forStack(stack);
  const workingDirectory = join(session.outdir, stackManifest.workingDirectory);
  if (!existsSync(workingDirectory)) mkdirSync(workingDirectory);
  for (const node of stack.node.findAll(ConstructOrder.POSTORDER)) {
    (node as unknown as Record<symbol, { onSynthesize(session: unknown): void } | undefined>)[CUSTOM_SYNTHESIS]?.onSynthesize(session);
  }
  const annotations = stack.node.findAll().flatMap((node: IConstruct) =>
    node.node.metadata
      .filter((m) => ANNOTATION_LEVELS.includes(m.type))
      .map((m) => ({ constructPath: node.node.path, level: m.type as AnnotationMetadataEntryType, message: m.data as string, stacktrace: m.trace as string[] | undefined })),
  );
  (stackManifest as { annotations: unknown }).annotations = annotations;
  const errors = annotations.filter((a) => a.level === AnnotationMetadataEntryType.ERROR);
  if (errors.length) throw cdktfErrors.encounteredAnnotationWithLevelError(errors.map((a) => `[${a.constructPath}] ${a.message}`).join('\n'));
  return { terraform: stack.toTerraform() as Record<string, unknown>, file: stackManifest.synthesizedStackPath };
}
