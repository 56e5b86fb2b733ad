import type { Rule } from '../types.js';
import { adminProfile } from './adminProfile.js';
import { oauthAppPolicy } from './oauthAppPolicy.js';
import { parseError } from './parseError.js';
import { secretInSource } from './secretInSource.js';
import { sharedIntegrationUser } from './sharedIntegrationUser.js';
import { specGovernance } from './specGovernance.js';
import { usernameException } from './usernameException.js';

/** Every rule, in the order they are documented. Adding a rule: one file in this folder and one entry here. */
export const RULES: readonly Rule[] = [
  sharedIntegrationUser,
  adminProfile,
  usernameException,
  oauthAppPolicy,
  secretInSource,
  specGovernance,
  parseError,
];
