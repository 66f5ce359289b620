/**
 * What a stack is built from, so `lz synth` rebuilds only stacks whose inputs changed.
 *
 * A stack is built from the code, the policy templates, the organization-wide config and whatever
 * per-product config its build reads. The first three are hashed whole for every stack. The
 * per-product part is recorded while the stack is built: the build gets a view of the landing zone
 * whose `products`, `accounts` and lock `accounts` note every product, account position and lock
 * entry it touches, and any enumeration (Object.keys, filter, map, iteration) or read of the parsed
 * files counts as reading everything. The next synth hashes the current values of exactly those
 * reads; a deterministic build that reads the same values writes the same bytes, and reads nothing
 * else unless one of those values changed. When in doubt it counts as read: a wrong skip is far
 * worse than a slow synth.
 */
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { AccountSpec, LandingZone } from '../config/model';
import { LOCK_FILE, ORGANIZATION_FILE, PRODUCTS_DIR } from '../config/load';
import { CONFIG_LOCK_FILE } from '../config/config-lock';

/** What a stack's build read of the per-product config. */
export interface StackReads {
  /** Product names looked up (present or not) or whose accounts were read. */
  readonly products: string[];
  /** Account names looked up in the lock file's accounts. */
  readonly lockAccounts: string[];
  /** Positions in `lz.accounts` read, for the name at each. */
  readonly accountPositions: number[];
  /** The number of accounts was read. */
  readonly accountCount: boolean;
  /** Something was enumerated or read whole: the stack depends on all config. */
  readonly all: boolean;
  /** The config files themselves (their text, comments included) were read. */
  readonly files?: boolean;
}

interface Recorder {
  products: Set<string>;
  lockAccounts: Set<string>;
  accountPositions: Set<number>;
  accountCount: boolean;
  all: boolean;
  files: boolean;
}

export function newRecorder(): Recorder {
  return { products: new Set(), lockAccounts: new Set(), accountPositions: new Set(), accountCount: false, all: false, files: false };
}

export function readsOf(r: Recorder): StackReads {
  return {
    products: [...r.products].sort(),
    lockAccounts: [...r.lockAccounts].sort(),
    accountPositions: [...r.accountPositions].sort((a, b) => a - b),
    accountCount: r.accountCount,
    all: r.all,
    ...(r.files ? { files: true } : {}),
  };
}

/** A record (products by name, lock accounts by name) whose key lookups are noted in `keys`; enumerating it reads everything. */
function recordingMap<T extends object>(target: T, keys: Set<string>, r: Recorder): T {
  return new Proxy(target, {
    get(t, k, receiver) {
      if (typeof k === 'string') keys.add(k);
      return Reflect.get(t, k, receiver);
    },
    has(t, k) {
      if (typeof k === 'string') keys.add(k);
      return Reflect.has(t, k);
    },
    getOwnPropertyDescriptor(t, k) {
      if (typeof k === 'string') keys.add(k);
      return Reflect.getOwnPropertyDescriptor(t, k);
    },
    ownKeys(t) {
      r.all = true;
      return Reflect.ownKeys(t);
    },
  });
}

const SEARCHES = new Set(['find', 'findIndex', 'some', 'includes', 'indexOf']);

/**
 * The accounts list. Reading a position notes it (and the product of the account there). A search
 * that finds its element depends only on the elements up to it, so find, findIndex, some, includes
 * and indexOf walk the list themselves and note the count only when they reach the end; every other
 * use goes through the positions and the length, which is noted.
 */
function recordingAccounts(accounts: readonly AccountSpec[], r: Recorder): readonly AccountSpec[] {
  const at = (i: number) => {
    r.accountPositions.add(i);
    const a = accounts[i];
    if (a?.product) r.products.add(a.product);
    return a;
  };
  const proxy: readonly AccountSpec[] = new Proxy(accounts, {
    get(t, k, receiver) {
      if (typeof k === 'string' && /^(0|[1-9]\d*)$/.test(k)) return at(Number(k));
      if (k === 'length') {
        r.accountCount = true;
        return t.length;
      }
      if (typeof k === 'string' && SEARCHES.has(k)) {
        return (test: unknown, thisArg?: unknown) => {
          const matches = (a: AccountSpec, i: number) =>
            k === 'includes' || k === 'indexOf' ? a === test : Boolean((test as (a: AccountSpec, i: number, all: readonly AccountSpec[]) => unknown).call(thisArg, a, i, proxy));
          for (let i = 0; i < t.length; i++) {
            const a = at(i);
            if (matches(a, i)) return k === 'find' ? a : k === 'findIndex' || k === 'indexOf' ? i : true;
          }
          r.accountCount = true;
          return k === 'find' ? undefined : k === 'findIndex' || k === 'indexOf' ? -1 : false;
        };
      }
      return Reflect.get(t, k, receiver);
    },
    has(t, k) {
      if (typeof k === 'string' && /^\d+$/.test(k)) at(Number(k));
      return Reflect.has(t, k);
    },
    ownKeys(t) {
      r.all = true;
      return Reflect.ownKeys(t);
    },
  });
  return proxy;
}

/** The landing zone as one stack's build sees it, noting what it reads into `r`. */
export function recordingView(lz: LandingZone, r: Recorder): LandingZone {
  const view: Record<string, unknown> = { ...lz };
  view.products = recordingMap(lz.products, r.products, r);
  view.accounts = recordingAccounts(lz.accounts, r);
  if (lz.lock) view.lock = { ...lz.lock, accounts: recordingMap(lz.lock.accounts, r.lockAccounts, r) };
  Object.defineProperty(view, 'files', {
    enumerable: true,
    get() {
      r.files = true;
      return lz.files;
    },
  });
  return view as unknown as LandingZone;
}

/** JSON of plain config data; anything else (a Map, a class instance) cannot be compared by value, so it throws. */
function canonical(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') throw new Error('not plain data');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) throw new Error('not plain data');
  return `{${Object.keys(value)
    .sort()
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
    .join(',')}}`;
}

/** Every file below `dir` (name and bytes), in name order; nothing when it does not exist. */
function hashFolder(hash: ReturnType<typeof createHash>, dir: string, skip: (name: string) => boolean = () => false): void {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir).sort()) {
    if (skip(name)) continue;
    const p = join(dir, name);
    const stat = lstatSync(p);
    if (stat.isDirectory()) {
      hash.update(`dir ${name}\n`);
      hashFolder(hash, p);
      hash.update('end\n');
    } else {
      hash.update(`file ${name} ${stat.size}\n`);
      hash.update(new Uint8Array(readFileSync(p)));
    }
  }
}

/** The code that builds stacks: this package's compiled (or source) folders and the cdktf and provider versions. */
export function codeHash(): string {
  const hash = createHash('sha256');
  const root = join(__dirname, '..', '..');
  for (const dir of ['src', 'stacks', 'modules']) {
    hash.update(`code ${dir}\n`);
    hashFolder(hash, join(root, dir), (name) => name.endsWith('.map') || name.endsWith('.d.ts'));
  }
  for (const pkg of ['cdktf', '@cdktf/provider-aws', 'constructs']) {
    hash.update(`${pkg} ${(require(`${pkg}/package.json`) as { version: string }).version}\n`);
  }
  return hash.digest('hex');
}

/**
 * Hashes of stacks' inputs for one loaded landing zone: the shared part (code, templates,
 * organization-wide config, the output folder) is computed once.
 */
export class InputHasher {
  private readonly shared: string | undefined;
  private readonly everything: string | undefined;
  private readonly fileTexts: string | undefined;
  private readonly productAccounts = new Map<string, AccountSpec[]>();
  private readonly products = new Map<string, string>();

  constructor(
    private readonly lz: LandingZone,
    outDir: string,
  ) {
    for (const a of lz.accounts) {
      if (a.product) this.productAccounts.set(a.product, [...(this.productAccounts.get(a.product) ?? []), a]);
    }
    try {
      const hash = createHash('sha256');
      // Where the output is, seen from the project (the bootstrap stack names its local state file by it).
      hash.update(`code ${codeHash()}\nout ${relative(outDir, lz.projectDir)}\n`);
      hash.update('policies\n');
      hashFolder(hash, join(lz.projectDir, 'policies'));
      hash.update('products\n');
      hashFolder(hash, join(lz.projectDir, 'products'));
      // Files in the config folder that the model below does not hold (anything a stack might read
      // itself): by their bytes. organization.yaml, the lock file and products/ are in the model; the
      // config-writing lock (.lz.lock) says only that a command is writing.
      hash.update('config\n');
      const inModel = new Set([ORGANIZATION_FILE, LOCK_FILE, PRODUCTS_DIR, CONFIG_LOCK_FILE]);
      hashFolder(hash, lz.configDir, (name) => inModel.has(name));
      // Every field of the landing zone but the per-product parts, whatever fields it grows.
      const { products: _p, accounts, lock, files: _f, ...rest } = lz;
      hash.update(canonical(rest));
      hash.update(canonical(accounts.filter((a) => !a.product)));
      if (lock) {
        const { accounts: _a, ...lockRest } = lock;
        hash.update(canonical(lockRest));
      }
      this.shared = hash.digest('hex');
      // The loaded model, not the files' text: a comment changes no build that reads only the model.
      this.everything = createHash('sha256')
        .update(this.shared)
        .update(canonical({ products: lz.products, accounts, lock: lock?.accounts }))
        .digest('hex');
      this.fileTexts = createHash('sha256')
        .update(canonical(lz.files.map((f) => ({ file: (f as { file?: unknown }).file, text: (f as { text?: unknown }).text }))))
        .digest('hex');
    } catch {
      // Config that is not plain data cannot be compared: every stack is rebuilt.
      this.shared = undefined;
      this.everything = undefined;
      this.fileTexts = undefined;
    }
  }

  /** What a product contributes to the hash of a stack that read it: the same for each of its stacks, so written out once. */
  private product(p: string): string {
    let text = this.products.get(p);
    if (text === undefined) {
      const config = Object.prototype.hasOwnProperty.call(this.lz.products, p) ? this.lz.products[p] : undefined;
      text = `product ${JSON.stringify(p)} ${canonical(config)} ${canonical(this.productAccounts.get(p) ?? [])}\n`;
      this.products.set(p, text);
    }
    return text;
  }

  /** The hash of what a stack read, with today's values; undefined when it cannot be known (then the stack is rebuilt). */
  hash(stack: string, reads: StackReads): string | undefined {
    if (this.shared === undefined || this.everything === undefined || this.fileTexts === undefined) return undefined;
    const hash = createHash('sha256').update(`${stack}\n`).update(this.shared);
    if (reads.files) hash.update(`files ${this.fileTexts}\n`);
    if (reads.all) return hash.update(`all ${this.everything}`).digest('hex');
    for (const p of reads.products) hash.update(this.product(p));
    const locked = this.lz.lock?.accounts;
    for (const a of reads.lockAccounts) {
      hash.update(`lock ${JSON.stringify(a)} ${canonical(locked && Object.prototype.hasOwnProperty.call(locked, a) ? locked[a] : undefined)}\n`);
    }
    for (const i of reads.accountPositions) hash.update(`account ${i} ${JSON.stringify(this.lz.accounts[i]?.name ?? null)}\n`);
    if (reads.accountCount) hash.update(`accounts ${this.lz.accounts.length}\n`);
    return hash.digest('hex');
  }
}
