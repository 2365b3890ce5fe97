import { Body1Strong, Button, Caption1, makeStyles, Spinner, tokens } from '@fluentui/react-components';
import type { MessageIndex } from '@pivotal-pm/sdk';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../../shared/data/api';
import type { MailItem } from '../../shared/host/mailbox';

const useStyles = makeStyles({
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, padding: tokens.spacingHorizontalM },
  message: { justifyContent: 'flex-start', textAlign: 'start', minWidth: 0 },
  subject: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
});

const asItem = (m: MessageIndex): MailItem => ({
  mode: 'read',
  internetMessageId: m.internetMessageId,
  subject: m.subject,
  from: m.from ? { name: '', address: m.from } : null,
  to: m.to.map((address) => ({ name: '', address })),
  cc: m.cc.map((address) => ({ name: '', address })),
  createdAt: m.receivedAt,
});

/**
 * Outside Outlook: the signed-in user's latest synced inbox messages, one of which the pane then reads as Outlook's
 * open message. The demo mailboxes of `npm start` fill it.
 */
export function DemoMessages({ onChoose }: { onChoose: (item: MailItem) => void }) {
  const styles = useStyles();
  const api = useApi();
  const inbox = useQuery({
    queryKey: ['demoInbox'],
    queryFn: async () => (await api.mail.messages.list({ folder: 'inbox', limit: 15 })).data,
  });
  if (inbox.isPending) return <Spinner label="Loading your inbox" />;
  if (inbox.isError) return <Caption1 role="alert">Your mailbox could not be read: {inbox.error.message}</Caption1>;
  return (
    <nav className={styles.list} aria-label="Demo messages">
      <Body1Strong>Open a message (outside Outlook, the pane reads one of your synced emails)</Body1Strong>
      {inbox.data.length === 0 && (
        <Caption1>No synced mail yet: connect a mailbox, or sign in as a seeded rep.</Caption1>
      )}
      {inbox.data.map((m) => (
        <Button key={m.id} appearance="subtle" className={styles.message} onClick={() => onChoose(asItem(m))}>
          <span className={styles.subject}>
            {m.subject || '(no subject)'} <Caption1>{m.from}</Caption1>
          </span>
        </Button>
      ))}
    </nav>
  );
}
