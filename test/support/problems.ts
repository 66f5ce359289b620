import { loadLandingZone } from '../../src/config/load';
import { formatProblem, LzError } from '../../src/errors';
import { inDir, type TestProject } from './example';

/** The problem lines `lz validate` would print for a project's config; [] when it is valid. */
export function problemsOf(project: TestProject): string[] {
  return inDir(project.dir, () => {
    try {
      loadLandingZone('config');
      return [];
    } catch (e) {
      if (!(e instanceof LzError)) throw e;
      return e.problems.map(formatProblem);
    }
  });
}
