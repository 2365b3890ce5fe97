import { Button, makeStyles, tokens } from '@fluentui/react-components';
import { DTMF_KEYS, type DtmfKey } from './client/types';

const useStyles = makeStyles({
  pad: { display: 'grid', gridTemplateColumns: 'repeat(3, 1fr)', gap: tokens.spacingHorizontalXS },
});

const spoken: Partial<Record<DtmfKey, string>> = { '*': 'star', '#': 'pound' };

/** The twelve keys of a phone, each sending its tone into the call. */
export function DialPad({ onKey }: { onKey(key: DtmfKey): void }) {
  const styles = useStyles();
  return (
    <div className={styles.pad} role="group" aria-label="Dial pad">
      {DTMF_KEYS.map((key) => (
        <Button key={key} size="small" aria-label={`Key ${spoken[key] ?? key}`} onClick={() => onKey(key)}>
          {key}
        </Button>
      ))}
    </div>
  );
}
