/**
 * Loads a product's stack from its source, every time: TypeScript is compiled with swc into a cache
 * keyed by the hash of the source, so an edit is used at once (no build step to forget) and an
 * unchanged file costs a file read. `import ... from 'landing-zone'` gives the running kit itself,
 * so a product stack in this repository and one in a repository that depends on the package read
 * the same way.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { LzError } from '../errors';
import { displayPath } from '../config/paths';

/** The package name product stacks import the kit by. */
export const KIT_PACKAGE = 'landing-zone';

/** Bumped when the compiled form changes, so old cache entries are not used. */
const CACHE_FORMAT = '1';

const LOCAL_EXTENSIONS = ['.ts', '.js', '.cjs', '.json'];

interface LoadedModule {
  exports: Record<string, unknown>;
}

/**
 * The cache folder for compiled product stacks: `node_modules/.cache/landing-zone/product-stacks`
 * of the project, or, for a project without its own node_modules, of the installation this code
 * runs from. Entries are named by the hash of their source, so projects can share one.
 */
export function compileCacheDir(projectDir: string): string {
  const nearest = (from: string) => {
    for (let dir = resolve(from); ; dir = dirname(dir)) {
      if (existsSync(join(dir, 'node_modules'))) return join(dir, 'node_modules');
      if (dirname(dir) === dir) return undefined;
    }
  };
  const modules = nearest(projectDir) ?? nearest(__dirname) ?? join(projectDir, 'node_modules');
  return join(modules, '.cache', 'landing-zone', 'product-stacks');
}

function sourceHash(file: string, source: string): string {
  return createHash('sha256').update(`${CACHE_FORMAT}\0${/\.ts$/.test(file) ? 'ts' : 'js'}\0${source}`).digest('hex');
}

/** The CommonJS text of a source file, from the cache when its hash is there. */
function compiled(file: string, source: string, hash: string, cacheDir: string): string {
  const typescript = /\.ts$/.test(file);
  const cached = join(cacheDir, `${hash}.js`);
  if (existsSync(cached)) return readFileSync(cached, 'utf8');
  // Loaded on a cache miss only: most runs find every stack compiled already.
  const swc = require('@swc/core') as typeof import('@swc/core');
  let code: string;
  try {
    code = swc.transformSync(source, {
      filename: file,
      jsc: { parser: typescript ? { syntax: 'typescript' } : { syntax: 'ecmascript' }, target: 'es2022' },
      module: { type: 'commonjs' },
      sourceMaps: false,
      swcrc: false,
      configFile: false,
    }).code;
  } catch (e) {
    const what = String((e as Error).message ?? e).split('\n').find((l) => l.trim() && !/^\s*(x|×)\s*$/.test(l)) ?? 'a syntax error';
    throw LzError.of(displayPath(file), `cannot be compiled: ${what.replace(/^\s*[x×]\s*/, '').trim()}`, 'correct the TypeScript at that place (npx tsc -p tsconfig.json shows every error)');
  }
  mkdirSync(cacheDir, { recursive: true });
  const temp = `${cached}.${process.pid}.partial`;
  writeFileSync(temp, code);
  renameSync(temp, cached);
  return code;
}

/** A local import `./helpers` as the file it names. */
function resolveLocal(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  const candidates = [base, ...LOCAL_EXTENSIONS.map((e) => `${base}${e}`), ...LOCAL_EXTENSIONS.map((e) => join(base, `index${e}`))];
  return candidates.find((c) => existsSync(c) && LOCAL_EXTENSIONS.includes(extname(c)));
}

export class ProductStackLoader {
  /** Loaded files by path, with the hash of the source they were loaded from: an edited file loads again. */
  private readonly modules = new Map<string, { readonly hash: string; readonly module: LoadedModule }>();

  /**
   * @param kit what `import 'landing-zone'` gives (the running kit)
   * @param cacheDir where compiled files are kept
   */
  constructor(
    private readonly kit: () => unknown,
    private readonly cacheDir: string,
  ) {}

  /** The exports of a product source file; its local imports are loaded the same way. */
  load(file: string): Record<string, unknown> {
    const source = readFileSync(file, 'utf8');
    const hash = sourceHash(file, source);
    const known = this.modules.get(file);
    if (known?.hash === hash) return known.module.exports;
    const module: LoadedModule = { exports: {} };
    // Set before running, so import cycles between a product's files end as in Node.
    this.modules.set(file, { hash, module });
    try {
      this.run(file, source, hash, module);
    } catch (e) {
      this.modules.delete(file);
      throw e;
    }
    return module.exports;
  }

  private run(file: string, source: string, hash: string, module: LoadedModule): void {
    if (file.endsWith('.json')) {
      module.exports = JSON.parse(source) as Record<string, unknown>;
      return;
    }
    const code = compiled(file, source, hash, this.cacheDir);
    const outside = createRequire(file);
    const requireFor = (specifier: string): unknown => {
      if (specifier === KIT_PACKAGE) return this.kit();
      if (specifier.startsWith('.') || isAbsolute(specifier)) {
        const local = resolveLocal(file, specifier);
        if (!local) throw LzError.of(displayPath(file), `imports ${specifier}, which does not exist`, 'correct the path of the import');
        return this.load(local);
      }
      // Resolved from the product's folder, but loaded by this process's own require, so cdktf and
      // constructs are the very instances the kit uses; what the folder cannot see (a project
      // without its own node_modules), the kit's dependencies provide.
      let resolved: string;
      try {
        resolved = outside.resolve(specifier);
      } catch {
        resolved = require.resolve(specifier);
      }
      return require(resolved);
    };
    // The current realm's Function, so values the stack makes are of the same realm as the kit's.
    const body = new Function('exports', 'require', 'module', '__filename', '__dirname', `${code}\n//# sourceURL=${file}`);
    body(module.exports, requireFor, module, file, dirname(file));
  }
}
