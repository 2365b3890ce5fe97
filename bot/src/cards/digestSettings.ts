// Digest settings: frequency, quiet hours and time zone, saved with one Execute.
import { adaptiveCard, execute } from './actions';
import type { CardContext } from './context';
import type { AdaptiveCard, Choice } from './schema';
import { escapeMarkdown, heading, note } from './text';

/** A user's digest settings; `quietHours` times are `HH:mm` in `timeZone`. */
export type DigestSettingsData = {
  frequency: 'daily' | 'weekly' | 'both' | 'off';
  quietHours: { start: string; end: string } | null;
  timeZone: string;
};

/**
 * The input ids of the settings card, as the `digest.saveSettings` handler receives them:
 * `frequency`, `quietHours` (`on` | `off`), `quietStart` and `quietEnd` (`HH:mm`), `timeZone`.
 */
export const DIGEST_SETTINGS_INPUTS = ['frequency', 'quietHours', 'quietStart', 'quietEnd', 'timeZone'] as const;

const FREQUENCIES: Choice[] = [
  { title: 'Daily', value: 'daily' },
  { title: 'Weekly', value: 'weekly' },
  { title: 'Daily and weekly', value: 'both' },
  { title: 'Off', value: 'off' },
];

/** Builds the digest settings form, filled with the current settings. */
export function digestSettingsCard(_ctx: CardContext, data: DigestSettingsData): AdaptiveCard {
  const quiet = data.quietHours;
  return adaptiveCard(
    [
      heading('Digest settings', { size: 'large' }),
      note(`Times are in ${escapeMarkdown(data.timeZone)}.`, { size: 'default' }),
      {
        type: 'Input.ChoiceSet',
        id: 'frequency',
        label: 'Send me the digest',
        style: 'expanded',
        choices: FREQUENCIES,
        value: data.frequency,
        isRequired: true,
        errorMessage: 'Pick how often.',
        spacing: 'medium',
      },
      {
        type: 'Input.Toggle',
        id: 'quietHours',
        title: 'Quiet hours (no messages between these times)',
        value: quiet === null ? 'off' : 'on',
        valueOn: 'on',
        valueOff: 'off',
        spacing: 'medium',
      },
      // With quiet hours off, the time inputs still offer a sensible evening-to-morning default to switch on.
      { type: 'Input.Time', id: 'quietStart', label: 'From', value: quiet?.start ?? '19:00' },
      { type: 'Input.Time', id: 'quietEnd', label: 'Until', value: quiet?.end ?? '08:00' },
      {
        type: 'Input.Text',
        id: 'timeZone',
        label: 'Time zone',
        value: data.timeZone,
        placeholder: 'Europe/London',
        isRequired: true,
        // An IANA name such as Europe/London or America/Argentina/Buenos_Aires; the handler checks it exists.
        regex: '^[A-Za-z_]+(/[A-Za-z0-9_+-]+)*$',
        errorMessage: 'Enter a time zone such as Europe/London.',
        spacing: 'medium',
      },
    ],
    [execute('digest.saveSettings', 'Save', {}, { style: 'positive', associatedInputs: 'auto' })],
    { fallbackText: 'Digest settings' },
  );
}
