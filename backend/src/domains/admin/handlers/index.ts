import { defineHandlers } from '../../../http/types';
import { getRbacPolicy } from './getRbacPolicy';
import { listAuditLog } from './listAuditLog';
import { listFeatureFlags } from './listFeatureFlags';
import { getComplianceSettings } from './getComplianceSettings';
import { updateComplianceSettings } from './updateComplianceSettings';
import { updateFeatureFlag } from './updateFeatureFlag';
import { updateRbacPolicy } from './updateRbacPolicy';

/** Handlers of the admin domain, keyed by operation ID. */
export const adminHandlers = defineHandlers({
  'rbac.policy.get': getRbacPolicy,
  'rbac.policy.update': updateRbacPolicy,
  'compliance.settings.get': getComplianceSettings,
  'compliance.settings.update': updateComplianceSettings,
  'audit.log.list': listAuditLog,
  'featureFlag.list': listFeatureFlags,
  'featureFlag.update': updateFeatureFlag,
});
