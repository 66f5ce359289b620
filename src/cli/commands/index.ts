/** Every `lz` command. Add a command by writing it in its own file and listing it here. */
import type { Command } from '../command';
import { accountClose } from './account-close';
import { accountsSync } from './accounts-sync';
import { accountsWait } from './accounts-wait';
import { deploy } from './deploy';
import { plan } from './plan';
import { ciEnv } from './ci-env';
import { drift } from './drift';
import { init } from './init';
import { orgImport } from './org-import';
import { preflight } from './preflight';
import { policyDiff } from './policy-diff';
import { policyLint } from './policy-lint';
import { policyProve } from './policy-prove';
import { productAdd } from './product-add';
import { productInit } from './product-init';
import { envAdd } from './env-add';
import { envClone } from './env-clone';
import { envPause, envResume } from './env-pause';
import { schema } from './schema';
import { synth } from './synth';
import { validate } from './validate';

export const COMMANDS: readonly Command[] = [validate, synth, schema, init, productAdd, productInit, envAdd, envClone, envPause, envResume, accountsSync, accountsWait, drift, orgImport, preflight, plan, deploy, ciEnv, accountClose, policyLint, policyDiff, policyProve];
