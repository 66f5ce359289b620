/** The proofs that close the holes of issue 9.4, registered together in PROOFS. */
import { bootstrapRoleProtected } from './bootstrap-role';
import { configAndSettingsProtected } from './config-and-settings';
import { deployRoleStaysInItsSegment } from './deploy-role-network';
import { trustsNameTheirPrincipals } from './named-trusts';
import type { Proof } from './proof';
import { productRolesStayInTheOrganization } from './product-roles-in-organization';
import { rootUserDenied } from './root-user';

export const HARDENING_PROOFS: readonly Proof[] = [rootUserDenied, bootstrapRoleProtected, trustsNameTheirPrincipals, configAndSettingsProtected, deployRoleStaysInItsSegment, productRolesStayInTheOrganization];
