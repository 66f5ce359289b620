import { LzError } from '../../errors';
import { initProject } from '../../config/init';
import { CONFIG_OPTION, stringOption, type Command } from '../command';

export const init: Command = {
  name: 'init',
  summary: 'Write a fresh config folder for a real organization, from the example',
  usage: 'lz init --name NAME --management-email EMAIL --home-region REGION [--regions LIST] [--github OWNER/REPO] [--management-name NAME] [--config DIR]',
  help: `Writes DIR/organization.yaml from the example organization with your organization's name,
management account, home region and allowed regions; the core accounts are NAME-log-archive,
NAME-audit, NAME-network and NAME-shared-services with emails aws+ACCOUNT@<the management email's
domain>. It leaves out what belongs to the example: its lock file (account ids come from your
organization: lz deploy records them, or lz accounts sync), its products, member accounts and
reserved CIDR ranges. An empty DIR/products/ is ready for lz product add. The policy templates
(policies/) and JSON Schemas (schemas/) are copied beside DIR when the project has none.

It never overwrites anything: if DIR already holds a config, or a policy file differs from the
landing zone's, it names it and writes nothing.

Options:
  --name NAME               organization name: 2 to 32 lowercase letters, digits, hyphens (required)
  --management-email EMAIL  root email of the management account (required)
  --home-region REGION      region of the state bucket, the trail and global resources (required)
  --regions LIST            comma-separated regions accounts may use (default: the home region)
  --github OWNER/REPO       the repository whose main branch applies (see README "Who applies which stack")
  --management-name NAME    the management account's name (default: NAME-management)
  --config DIR              the config folder to write (default: config)

Exit codes: 0 written, 2 bad input or a file in the way.`,
  options: {
    ...CONFIG_OPTION,
    name: { type: 'string' },
    'management-email': { type: 'string' },
    'management-name': { type: 'string' },
    'home-region': { type: 'string' },
    regions: { type: 'string' },
    github: { type: 'string' },
  },
  async run(args, io) {
    const required = (option: string) => {
      const value = stringOption(args, option);
      if (!value) throw LzError.of('command line', `--${option} is required`, `run lz init --help for an example`);
      return value;
    };
    const regions = stringOption(args, 'regions');
    const result = initProject({
      configDir: stringOption(args, 'config')!,
      name: required('name'),
      managementEmail: required('management-email'),
      homeRegion: required('home-region'),
      ...(regions ? { regions: regions.split(',').map((r) => r.trim()).filter(Boolean) } : {}),
      ...(stringOption(args, 'github') ? { github: stringOption(args, 'github') } : {}),
      ...(stringOption(args, 'management-name') ? { managementName: stringOption(args, 'management-name') } : {}),
    });
    io.out(`Wrote ${result.written.length} files:`);
    for (const file of result.written) io.out(`  ${file}`);
    if (result.kept.length) io.out(`Kept ${result.kept.length} files the project already had with the same content.`);
    io.out('Next: review organization.yaml, lz validate, lz product add NAME ..., then the runbook in README "From an empty AWS organization to a deployed product".');
    return 0;
  },
};
