import { join } from 'node:path';
import { loadLandingZone } from '../../config/load';
import { LOCK_FILE } from '../../config/load';
import { displayPath } from '../../config/paths';
import { LzError } from '../../errors';
import { CONFIG_OPTION, stringOption, type Command } from '../command';

export const ciEnv: Command = {
  name: 'ci env',
  summary: 'Print, for $GITHUB_OUTPUT, the pipeline role the deploy workflow assumes and the home region',
  usage: 'lz ci env [--config DIR]',
  help: `Prints two lines for $GITHUB_OUTPUT, read from config: the ARN of the pipeline role in the
management account (roles.pipeline, created by the bootstrap stack for GitHub Actions OIDC) and
the organization's home region:

  pipeline_role_arn=arn:aws:iam::<management account id>:role/<roles.pipeline>
  region=<organization.homeRegion>

The management account id comes from config/accounts.lock.yaml (lz accounts sync writes it).

Exit codes: 0 printed, 2 problems in the config or no lock file yet.`,
  options: { ...CONFIG_OPTION },
  async run(args, io) {
    const lz = loadLandingZone(stringOption(args, 'config')!);
    if (!lz.lock) {
      throw LzError.of(
        displayPath(join(lz.configDir, LOCK_FILE)),
        'does not exist, so the management account id is unknown',
        'run lz accounts sync with the management account credentials and commit the file',
      );
    }
    io.out(`pipeline_role_arn=arn:aws:iam::${lz.lock.managementAccountId}:role/${lz.roles.pipeline}`);
    io.out(`region=${lz.organization.homeRegion}`);
    return 0;
  },
};
