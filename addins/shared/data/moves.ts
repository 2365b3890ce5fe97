import { isTerminalStage, isWonStage, PivotalError, type Opportunity } from '@pivotal-pm/sdk';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useApi } from './api';
import { patchBoards } from './board';

/** A card moved to a stage; closing stages need the win or loss reason. */
export type MoveRequest = { opp: Opportunity; toStage: string; reason?: string };

/** What the board tells the user (and screen readers) about a move. */
export type MoveOutcome = { kind: 'success' | 'error'; text: string };

/** Human label of a stage key: `closedWon` -> "Closed won". */
export function stageLabel(stage: string): string {
  const words = stage
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[-_]+/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * Moves a card: optimistic (the card jumps at once), confirmed by `opportunity.moveStage` (or win / lose for
 * closing stages, with the reason), rolled back with the server's message when it refuses.
 */
export function useMoveOpportunity(report: (outcome: MoveOutcome) => void) {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ opp, toStage, reason }: MoveRequest): Promise<Opportunity> => {
      const base = { id: opp.id, expectedVersion: opp.version };
      if (isTerminalStage(toStage)) {
        const why = reason ?? '';
        return isWonStage(toStage)
          ? api.opportunity.win({ ...base, reason: why })
          : api.opportunity.lose({ ...base, reason: why });
      }
      return api.opportunity.moveStage({ ...base, stage: toStage });
    },
    onMutate: ({ opp, toStage }) => {
      const moved: Opportunity = { ...opp, stage: toStage, stageEnteredAt: new Date().toISOString() };
      return { previous: patchBoards(qc, moved) ?? opp };
    },
    onError: (error, { opp, toStage }, context) => {
      if (context?.previous) patchBoards(qc, context.previous);
      const why = error instanceof PivotalError ? error.message : 'the server could not be reached';
      report({ kind: 'error', text: `${opp.name} was not moved to ${stageLabel(toStage)}: ${why}` });
    },
    onSuccess: (saved, { toStage }) => {
      patchBoards(qc, saved);
      report({ kind: 'success', text: `${saved.name} moved to ${stageLabel(toStage)}` });
    },
    onSettled: () => qc.invalidateQueries({ queryKey: ['forecast'] }),
  });
}
