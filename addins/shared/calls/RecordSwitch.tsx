import { Switch } from '@fluentui/react-components';
import { useSoftphone } from './SoftphoneProvider';

/** The choice to ask for recording on the next calls (the server may refuse it: consent rules). */
export function RecordSwitch() {
  const softphone = useSoftphone();
  if (!softphone) return null;
  return (
    <Switch
      label="Record calls"
      checked={softphone.record}
      disabled={softphone.state.phase !== 'idle'}
      onChange={(_, d) => softphone.setRecord(d.checked)}
    />
  );
}
