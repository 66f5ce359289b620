/**
 * What a stack's input hash covers: the loaded model for a build that read it whole, and the config
 * files' text only for a build that read the files themselves.
 */
import { join } from 'node:path';
import { loadLandingZone } from '../../src/config/load';
import { InputHasher, newRecorder, readsOf, recordingView } from '../../src/synth/stack-inputs';
import { exampleProject } from '../support/example';

function hashes(configDir: string, read: (lz: ReturnType<typeof loadLandingZone>) => void): string | undefined {
  const lz = loadLandingZone(configDir);
  const recorder = newRecorder();
  read(recordingView(lz, recorder));
  return new InputHasher(lz, join(configDir, '..', 'cdktf.out')).hash('stack', readsOf(recorder));
}

describe('stack input hashes', () => {
  const enumerateProducts = (lz: ReturnType<typeof loadLandingZone>) => void Object.keys(lz.products);
  const readFiles = (lz: ReturnType<typeof loadLandingZone>) => void lz.files.length;

  it('GIVEN a build that enumerates the products WHEN only a comment changes THEN its hash stays, and WHEN a value changes THEN it moves', () => {
    const project = exampleProject();
    const before = hashes(project.configDir, enumerateProducts);
    project.replace('config/organization.yaml', 'name: acme', 'name: acme # the company');
    expect(hashes(project.configDir, enumerateProducts)).toBe(before);
    project.replace('config/products/payments.yaml', 'costCentre: ', 'costCentre: X');
    expect(hashes(project.configDir, enumerateProducts)).not.toBe(before);
  });

  it('GIVEN a build that reads the config files themselves WHEN only a comment changes THEN its hash moves', () => {
    const project = exampleProject();
    const before = hashes(project.configDir, readFiles);
    project.replace('config/organization.yaml', 'name: acme', 'name: acme # the company');
    expect(hashes(project.configDir, readFiles)).not.toBe(before);
  });
});
