/** A throwaway copy of the example project (config/ and policies/) to run organization commands in. */
import { exampleProject as copyExample } from '../support/example';

/** The folder of a copy of the example project; without its lock file unless `keepLock`, since its ids are made up. */
export function exampleProject(keepLock = false): string {
  return copyExample({ withLock: keepLock }).dir;
}
