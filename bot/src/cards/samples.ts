// Fixed sample data for the card tests and the docs' screenshots (bot/scripts/renderCards.ts).
import type { CardContext } from './context';
import type { DigestData } from './managerDigest';
import type { MyPipelineData } from './myPipeline';
import type { MyTasksData } from './myTasks';
import type { NbaPromptData } from './nextBestAction';
import type { SlaReminderData } from './slaReminder';

/** A recipient in London on Tuesday 11 March 2025 at noon. */
export const SAMPLE_CONTEXT: CardContext = {
  locale: 'en-GB',
  timeZone: 'Europe/London',
  appBaseUrl: 'https://app.pivotal.example',
  deepLink: (id) =>
    `https://teams.microsoft.com/l/entity/pivotal-bot/deal?context=${encodeURIComponent(JSON.stringify({ subEntityId: id }))}`,
  now: '2025-03-11T12:00:00Z',
};

/** An open idle-limit breach on the business (working-day) clock. */
export const SAMPLE_SLA: SlaReminderData = {
  state: 'open',
  breachId: 'brc_01',
  taskId: 'tsk_01',
  opportunity: {
    id: 'opp_01',
    name: 'Northwind renewal 2025',
    accountName: 'Northwind Traders',
    stage: 'Proposal',
    amount: '48000.00',
    currency: 'GBP',
    closeDate: '2025-03-31',
  },
  breach: {
    kind: 'idle',
    limitHours: 72,
    clock: 'business',
    idleSince: '2025-03-05T16:20:00Z',
    breachedAt: '2025-03-10T10:00:00Z',
  },
  contact: { name: 'Jane Doe', email: 'jane.doe@northwind.example', phone: '+44 20 7946 0000' },
  userIds: ['29:rita-teams-id'],
};

/** The same breach escalated to Rita's manager. */
export const SAMPLE_ESCALATION: SlaReminderData = {
  ...SAMPLE_SLA,
  escalation: { ownerName: 'Rita', breachedHoursAgo: 26 },
  userIds: ['29:manager-teams-id'],
};

/** A prompt to re-engage the champion of a deal. */
export const SAMPLE_NBA: NbaPromptData = {
  opportunity: {
    id: 'opp_02',
    name: 'Contoso platform expansion',
    accountName: 'Contoso Ltd',
    stage: 'Negotiation',
    amount: '125000.00',
    currency: 'EUR',
  },
  action: {
    key: 'nba_call_champion',
    title: 'Call Jane Doe',
    reason: 'No reply from Jane Doe in 9 days; deals at this stage close 2× faster after a call.',
    operation: 'activities.logCall',
  },
  state: 'open',
  userIds: ['29:rita-teams-id'],
};

/** A weekly digest with every section filled. */
export const SAMPLE_DIGEST: DigestData = {
  period: 'weekly',
  from: '2025-03-03',
  to: '2025-03-09',
  pipeline: {
    created: 12,
    advanced: 7,
    won: { count: 3, amount: '86500.00' },
    lost: { count: 1, amount: '12000.00' },
    currency: 'GBP',
  },
  atRisk: [
    {
      id: 'opp_11',
      name: 'Fabrikam rollout',
      ownerName: 'Rita Patel',
      score: 28,
      band: 'at_risk',
      amount: '64000.00',
      currency: 'GBP',
    },
    {
      id: 'opp_12',
      name: 'Adatum pilot',
      ownerName: 'Sam Lee',
      score: 41,
      band: 'watch',
      amount: '18500.00',
      currency: 'GBP',
    },
    {
      id: 'opp_13',
      name: 'Litware licences',
      ownerName: 'Rita Patel',
      score: 47,
      band: 'watch',
      amount: '9900.00',
      currency: 'GBP',
    },
  ],
  sla: {
    open: 4,
    new: 2,
    byStage: [
      { stage: 'Discovery', count: 1 },
      { stage: 'Proposal', count: 3 },
    ],
  },
  team: [
    { name: 'Rita Patel', emails: 42, calls: 17, meetings: 6, tasksDone: 23 },
    { name: 'Sam Lee', emails: 35, calls: 9, meetings: 4, tasksDone: 15 },
    { name: 'Ana Gomez', emails: 51, calls: 21, meetings: 8, tasksDone: 30 },
  ],
};

/** A digest of a quiet day: every section empty. */
export const SAMPLE_EMPTY_DIGEST: DigestData = {
  period: 'daily',
  from: '2025-03-10',
  to: '2025-03-10',
  pipeline: {
    created: 0,
    advanced: 0,
    won: { count: 0, amount: '0' },
    lost: { count: 0, amount: '0' },
    currency: 'GBP',
  },
  atRisk: [],
  sla: { open: 0, new: 0, byStage: [] },
  team: [],
};

/** Three tasks, one overdue. */
export const SAMPLE_TASKS: MyTasksData = {
  tasks: [
    {
      id: 'tsk_21',
      title: 'Send the revised proposal',
      dueAt: '2025-03-10T17:00:00Z',
      overdue: true,
      opportunity: { id: 'opp_01', name: 'Northwind renewal 2025' },
    },
    {
      id: 'tsk_22',
      title: 'Prepare the security questionnaire',
      dueAt: '2025-03-11T14:00:00Z',
      overdue: false,
      opportunity: { id: 'opp_02', name: 'Contoso platform expansion' },
    },
    { id: 'tsk_23', title: 'Update the forecast', dueAt: '2025-03-11T16:30:00Z', overdue: false, opportunity: null },
  ],
};

/** An open pipeline over four stages. */
export const SAMPLE_PIPELINE: MyPipelineData = {
  currency: 'GBP',
  stages: [
    { stage: 'Discovery', count: 5, amount: '62000.00' },
    { stage: 'Qualification', count: 4, amount: '91000.00' },
    { stage: 'Proposal', count: 3, amount: '148000.00' },
    { stage: 'Negotiation', count: 1, amount: '48000.00' },
  ],
  totals: { count: 13, amount: '349000.00' },
  weighted: '131650.00',
  slaBreachesOpen: 2,
};
