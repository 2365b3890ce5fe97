import { operationTable } from '../../contract/defineOperation';
import { get as slaPolicyGet } from '../sla/policy/get';
import { get as rbacPolicyGet } from '../rbac/policy/get';
import { update as rbacPolicyUpdate } from '../rbac/policy/update';
import { get as complianceSettingsGet } from '../compliance/settings/get';
import { update as complianceSettingsUpdate } from '../compliance/settings/update';
import { list as auditLogList } from '../audit/log/list';
import { list as featureFlagList } from '../featureFlag/list';
import { update as featureFlagUpdate } from '../featureFlag/update';
import { create as webhookCreate } from '../webhook/create';
import { list as webhookList } from '../webhook/list';
import { deleteOp as webhookDelete } from '../webhook/delete';
import { list as eventList } from '../event/list';

/** Admin, security and platform: RBAC, compliance, audit, flags, webhooks, the event outbox, SLA settings. */
export const adminOperations = operationTable({
  'sla.policy.get': slaPolicyGet,
  'rbac.policy.get': rbacPolicyGet,
  'rbac.policy.update': rbacPolicyUpdate,
  'compliance.settings.get': complianceSettingsGet,
  'compliance.settings.update': complianceSettingsUpdate,
  'audit.log.list': auditLogList,
  'featureFlag.list': featureFlagList,
  'featureFlag.update': featureFlagUpdate,
  'webhook.create': webhookCreate,
  'webhook.list': webhookList,
  'webhook.delete': webhookDelete,
  'event.list': eventList,
});
