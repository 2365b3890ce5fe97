import { Badge, Caption1, makeStyles, mergeClasses, Text, tokens } from '@fluentui/react-components';
import { ClockAlarmRegular, TaskListSquareLtrRegular } from '@fluentui/react-icons';
import type { Opportunity } from '@pivotal-pm/sdk';
import { useContactName, useNextTask } from '../data/cardDetails';
import { formatDate, formatMoney } from '../data/format';
import { healthBand } from '../data/health';

export const useCardTextStyles = makeStyles({
  name: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', fontWeight: tokens.fontWeightSemibold },
  row: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalS,
    minWidth: 0,
  },
  start: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalXS, minWidth: 0 },
  badge: { flexShrink: 0, whiteSpace: 'nowrap' },
  muted: { color: tokens.colorNeutralForeground3, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  icon: { flexShrink: 0, color: tokens.colorNeutralForeground3 },
  danger: { color: tokens.colorPaletteRedForeground1 },
  none: { fontStyle: 'italic' },
});

/** How a card describes its opportunity: names resolved, idle and overdue states computed by the board. */
export type CardInfo = {
  accountName: string;
  ownerName: string;
  daysInStage: number;
  idleHours: number | null;
  /** Null: no SLA cue (closed deals, and client viewers, who never see the agency's internal badges). */
  slaHours: number | null;
  /** Open deal whose close date has passed. */
  overdue: boolean;
  /** The open deal's health score (0..100); null: no cue (closed deals, client viewers). */
  health: number | null;
  /** The tenant's health bands. */
  bands: { atRisk: number; healthy: number };
  /** The caller may read contacts / tasks: the card then looks up the primary contact and the next step. */
  contacts: boolean;
  tasks: boolean;
};

/** True when the card's stage SLA is breached (no activity for longer than its stage allows). */
export const isBreached = (info: CardInfo): boolean =>
  info.slaHours !== null && info.idleHours !== null && info.idleHours > info.slaHours;

function NextStep({ opp, enabled }: { opp: Opportunity; enabled: boolean }) {
  const styles = useCardTextStyles();
  const next = useNextTask(opp.id, enabled && opp.status === 'open');
  if (!enabled || opp.status !== 'open') return null;
  if (next.data === undefined) return <Caption1 className={styles.muted}>Next step…</Caption1>;
  if (next.data === null)
    return (
      <Caption1 className={mergeClasses(styles.muted, styles.none)} data-testid={`next-${opp.id}`}>
        No next step
      </Caption1>
    );
  const late = next.data.status === 'overdue';
  return (
    <span className={styles.start} data-testid={`next-${opp.id}`} title={next.data.title}>
      <TaskListSquareLtrRegular className={styles.icon} aria-hidden />
      <Caption1 className={mergeClasses(styles.muted, late && styles.danger)}>
        Next: {formatDate(next.data.dueAt)}
        {late ? ' (late)' : ''} · {next.data.title}
      </Caption1>
    </span>
  );
}

/** The text of a card: name, account and contact, amount and close date, next step, owner and days in stage. */
export function CardBody({ opp, info }: { opp: Opportunity; info: CardInfo }) {
  const styles = useCardTextStyles();
  const contact = useContactName(opp.primaryContactId, info.contacts);
  const idleDays = Math.floor((info.idleHours ?? 0) / 24);
  return (
    <>
      <Text className={styles.name}>{opp.name}</Text>
      <Caption1 className={styles.muted} data-testid={`company-${opp.id}`}>
        {info.accountName}
        {contact.data ? ` · ${contact.data}` : ''}
      </Caption1>
      <div className={styles.row}>
        <Text weight="semibold">{formatMoney(opp.amount, opp.currency)}</Text>
        <span className={styles.start}>
          <Caption1
            className={mergeClasses(styles.muted, info.overdue && styles.danger)}
            data-testid={`close-${opp.id}`}
            data-overdue={info.overdue || undefined}
          >
            {opp.closeDate ? `Close ${formatDate(opp.closeDate)}` : 'No close date'}
          </Caption1>
        </span>
      </div>
      <NextStep opp={opp} enabled={info.tasks} />
      <div className={styles.row}>
        <Caption1 className={styles.muted}>
          {info.ownerName ? `${info.ownerName} · ` : ''}
          {info.daysInStage}d in stage
        </Caption1>
        {info.health !== null && (
          <Badge
            className={styles.badge}
            appearance="tint"
            color={healthBand(info.health, info.bands).color}
            size="small"
            title={`Health ${info.health}: ${healthBand(info.health, info.bands).label}`}
            data-testid={`health-${opp.id}`}
          >
            {info.health}
          </Badge>
        )}
        {info.overdue && (
          <Badge
            className={styles.badge}
            appearance="filled"
            color="danger"
            size="small"
            title="The close date has passed"
          >
            Overdue
          </Badge>
        )}
        {isBreached(info) && (
          <Badge
            className={styles.badge}
            appearance="tint"
            color="warning"
            size="small"
            icon={<ClockAlarmRegular />}
            title={`No activity for ${idleDays} days (SLA ${info.slaHours} h)`}
          >
            Idle {idleDays}d
          </Badge>
        )}
      </div>
    </>
  );
}
