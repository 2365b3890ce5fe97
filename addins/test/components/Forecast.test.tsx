import { fireEvent, screen, waitFor } from '@testing-library/react';
import type { Forecast } from '@pivotal-pm/sdk';
import { describe, expect, it } from 'vitest';
import { ForecastView } from '../../shared/forecast/ForecastView';
import { currentPeriodLabel, periodRange } from '../../shared/forecast/period';
import { fakeApi, opp, pipeline } from './fakeApi';
import { renderWithApi } from './render';

const zero = { count: 0, amount: '0.00', weighted: '0.00', commit: '0.00' };
const forecast: Forecast = {
  currency: 'GBP',
  totals: { count: 2, amount: '3000.00', weighted: '900.00', commit: '0.00' },
  byStage: [{ stage: 'qualification', ...zero, count: 2, amount: '3000.00', weighted: '900.00' }],
  byOwner: [],
  byClient: [],
  byProject: [],
};

describe('forecast', () => {
  it('shows closed won of the period beside weighted and commit, and names the periods on the toggle', async () => {
    const quarter = periodRange('quarter', 0);
    const won = { stage: 'closedWon', status: 'won' as const };
    const api = fakeApi([
      opp({ ...won, amount: '1000.10', closeDate: quarter.from }),
      opp({ ...won, amount: '2000.05', closeDate: quarter.to }),
      opp({ ...won, amount: '500.00', closeDate: quarter.to, currency: 'EUR' }),
      opp({ ...won, amount: '9999.00', closeDate: '2001-01-01' }),
      opp({ amount: '7777.00', closeDate: quarter.to }),
    ]);
    api.forecast = forecast;
    const changes: unknown[] = [];
    renderWithApi(
      <ForecastView pipeline={pipeline} period="quarter" groupBy="stage" onChange={(p) => changes.push(p)} />,
      api,
    );
    await waitFor(() => expect(screen.getByTestId('forecast-total-won').dataset.value).toBe('3000.15'));
    expect(screen.getByTestId('forecast-total-won').dataset.count).toBe('2');
    expect(screen.getByTestId('forecast-total-won').textContent).toContain('(+1 in other currencies)');
    expect(screen.getByTestId('forecast-total-weighted').dataset.value).toBe('900.00');
    const list = api.calls.find((c) => c.op === 'opportunity.list')!.input;
    expect(list).toMatchObject({
      pipelineId: pipeline.id,
      status: 'won',
      closeDateFrom: quarter.from,
      closeDateTo: quarter.to,
    });

    const month = screen.getByRole('button', { name: currentPeriodLabel('month') });
    expect(month.textContent).toMatch(/^This month: \S+ \d{4}$/);
    expect(screen.getByRole('button', { name: /^This quarter: Q[1-4] \d{4}$/ }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    fireEvent.click(month);
    expect(changes).toEqual([{ period: 'month' }]);
  });
});
