import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Textarea,
} from '@fluentui/react-components';
import { useState } from 'react';

type CloseDialogProps = { outcome: 'won' | 'lost'; name: string; onConfirm(reason: string): void; onCancel(): void };

/** Asks for the reason before a card is closed as won or lost. */
export function CloseDialog({ outcome, name, onConfirm, onCancel }: CloseDialogProps) {
  const [reason, setReason] = useState('');
  const title = outcome === 'won' ? `Mark "${name}" as won` : `Mark "${name}" as lost`;
  return (
    <Dialog open modalType="modal" onOpenChange={(_, d) => !d.open && onCancel()}>
      <DialogSurface>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (reason.trim()) onConfirm(reason.trim());
          }}
        >
          <DialogBody>
            <DialogTitle>{title}</DialogTitle>
            <DialogContent>
              <Field label={outcome === 'won' ? 'Why did we win?' : 'Why did we lose?'} required>
                <Textarea value={reason} onChange={(_, d) => setReason(d.value)} maxLength={500} autoFocus />
              </Field>
            </DialogContent>
            <DialogActions>
              <Button appearance="secondary" onClick={onCancel}>
                Cancel
              </Button>
              <Button appearance="primary" type="submit" disabled={!reason.trim()}>
                {outcome === 'won' ? 'Mark won' : 'Mark lost'}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
