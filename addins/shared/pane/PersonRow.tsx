import { Button, Caption1, makeStyles, Text, tokens } from '@fluentui/react-components';
import type { MailContextPerson } from '@pivotal-pm/sdk';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { PhoneLink } from '../calls/PhoneLink';
import { can, useApi, useMe } from '../data/api';
import type { MailItem } from '../host/mailbox';

const useStyles = makeStyles({
  row: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalS },
  muted: { color: tokens.colorNeutralForeground3 },
});

const roleLabel = { from: 'From', to: 'To', cc: 'Cc' } as const;

/** The display name Outlook gives an address on the item, split into first and last name. */
function namesOf(item: MailItem, address: string): { firstName: string; lastName: string } {
  const all = [item.from, ...item.to, ...item.cc].filter((a) => a !== null);
  const name = all.find((a) => a.address.toLowerCase() === address)?.name.trim() || address.split('@')[0]!;
  const [first, ...rest] = name.split(/\s+/);
  return { firstName: first!.slice(0, 100), lastName: rest.join(' ').slice(0, 100) };
}

/**
 * One person of the email: their contact and account in Pivotal, or, for an unknown address, an action that adds
 * them as a contact (on the account of their domain, made when there is none).
 */
export function PersonRow({ person, item }: { person: MailContextPerson; item: MailItem }) {
  const styles = useStyles();
  const api = useApi();
  const me = useMe();
  const queryClient = useQueryClient();
  const add = useMutation({
    mutationFn: async () => {
      const domain = person.address.slice(person.address.lastIndexOf('@') + 1);
      const accountId = person.account?.id ?? (await api.account.create({ name: domain, domain })).id;
      return api.contact.create({ accountId, email: person.address, ...namesOf(item, person.address) });
    },
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['mailContext'] }),
  });
  const contact = person.contact;
  return (
    <div className={styles.row}>
      <Caption1 className={styles.muted}>{roleLabel[person.role]}</Caption1>
      {contact ? (
        <Text weight="semibold">{[contact.firstName, contact.lastName].filter(Boolean).join(' ')}</Text>
      ) : (
        <Text>{person.address}</Text>
      )}
      <Caption1 className={styles.muted}>
        {person.account ? person.account.name : contact ? '' : 'not in Pivotal'}
      </Caption1>
      {contact?.phone && (
        <PhoneLink
          phone={contact.phone}
          contactId={contact.id}
          name={[contact.firstName, contact.lastName].filter(Boolean).join(' ')}
        />
      )}
      {!contact && can(me.data, 'contact.write') && (can(me.data, 'account.write') || person.account) && (
        <Button size="small" disabled={add.isPending || add.isSuccess} onClick={() => add.mutate()}>
          Add as contact
        </Button>
      )}
      {add.error && <Caption1 role="alert">{add.error.message}</Caption1>}
    </div>
  );
}
