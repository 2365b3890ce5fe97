import {
  Button,
  DrawerBody,
  DrawerHeader,
  DrawerHeaderTitle,
  makeStyles,
  MessageBar,
  MessageBarBody,
  OverlayDrawer,
  Spinner,
  Subtitle2,
  Text,
  tokens,
} from '@fluentui/react-components';
import { DismissRegular } from '@fluentui/react-icons';
import { useQuery } from '@tanstack/react-query';
import { can, useApi, useMe, useNames } from '../data/api';
import { SoftphoneDock } from '../calls/SoftphoneDock';
import { useAccountPhone, useContactCard } from '../data/cardDetails';
import { mayChange } from '../data/permissions';
import { HealthSection } from './HealthSection';
import { NextActionsSection } from './NextActionsSection';
import { OpportunityFields } from './OpportunityFields';
import { TasksSection } from './TasksSection';
import { TimelineSection } from './TimelineSection';

const useStyles = makeStyles({
  title: { display: 'block', marginBottom: tokens.spacingVerticalS },
  body: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXL,
    paddingBottom: tokens.spacingVerticalXXL,
  },
  later: { color: tokens.colorNeutralForeground3 },
});

/** The opportunity detail panel: fields (editable as the role allows), tasks, timeline, health and next actions. */
export function OpportunityDetail({ id, onClose }: { id: string; onClose(): void }) {
  const styles = useStyles();
  const api = useApi();
  const me = useMe();
  const opp = useQuery({ queryKey: ['opportunity', id], queryFn: () => api.opportunity.get({ id }) });
  // Save and editable fields only when the server would take the change (a rep: their own open deals).
  const editable = opp.data !== undefined && mayChange(me.data, opp.data);
  const accounts = useNames('account', can(me.data, 'account.read'));
  const contact = useContactCard(opp.data?.primaryContactId ?? null, can(me.data, 'contact.read'));
  const accountPhone = useAccountPhone(opp.data?.accountId ?? null, can(me.data, 'account.read'));
  return (
    <OverlayDrawer
      open
      position="end"
      size="medium"
      onOpenChange={(_, d) => !d.open && onClose()}
      aria-label="Opportunity detail"
    >
      <DrawerHeader>
        <DrawerHeaderTitle
          action={<Button appearance="subtle" aria-label="Close" icon={<DismissRegular />} onClick={onClose} />}
        >
          {opp.data?.name ?? 'Opportunity'}
        </DrawerHeaderTitle>
      </DrawerHeader>
      <DrawerBody className={styles.body}>
        {/* The drawer is modal: a call started here is controlled here. */}
        <SoftphoneDock placement="inline" />
        {opp.isPending && <Spinner label="Loading" />}
        {opp.isError && (
          <MessageBar intent="error">
            <MessageBarBody>{opp.error.message}</MessageBarBody>
          </MessageBar>
        )}
        {opp.data && (
          <>
            <OpportunityFields
              opp={opp.data}
              editable={editable}
              accountName={accounts.data?.get(opp.data.accountId) ?? 'Account'}
              contact={contact.data ?? null}
              accountPhone={accountPhone.data ?? null}
            />
            <TasksSection opportunityId={id} editable={can(me.data, 'task.write')} />
            <TimelineSection opportunityId={id} />
            <HealthSection opportunityId={id} />
            <NextActionsSection opportunityId={id} />
            <section aria-label="Sequence">
              <Subtitle2 as="h3" className={styles.title}>
                Sequence
              </Subtitle2>
              <Text as="p" className={styles.later}>
                Arrives with the sequence builder.
              </Text>
            </section>
          </>
        )}
      </DrawerBody>
    </OverlayDrawer>
  );
}
