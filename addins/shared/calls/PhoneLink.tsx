import { Button, Text } from '@fluentui/react-components';
import { CallRegular } from '@fluentui/react-icons';
import { useSoftphone } from './SoftphoneProvider';

type Props = {
  /** E.164, shown as is. */
  phone: string;
  contactId?: string;
  opportunityId?: string;
  taskId?: string;
  /** Who answers ("Ada Lovelace"), for the softphone's status. */
  name?: string;
};

/** A phone number: a click-to-call button for a caller who may call, plain text otherwise. */
export function PhoneLink({ phone, contactId, opportunityId, taskId, name }: Props) {
  const softphone = useSoftphone();
  if (!softphone) return <Text>{phone}</Text>;
  const busy = softphone.state.phase !== 'idle';
  return (
    <Button
      appearance="transparent"
      size="small"
      icon={<CallRegular />}
      aria-label={`Call ${phone}`}
      title={busy ? 'Finish the current call first' : `Call ${name ?? phone}`}
      disabled={busy}
      data-testid="phone-link"
      onClick={() =>
        softphone.dial({
          toNumber: phone,
          ...(contactId ? { contactId } : {}),
          ...(opportunityId ? { opportunityId } : {}),
          ...(taskId ? { taskId } : {}),
          label: name ?? phone,
        })
      }
    >
      {phone}
    </Button>
  );
}
