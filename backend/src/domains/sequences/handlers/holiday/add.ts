import type { Handler } from '#http/types';
import { presentHoliday, type HolidayRow } from '#domains/sequences/holidays';

/** Adds days to a holiday calendar; a day already in it is renamed. The runner reads holidays on its next batch. */
export const holidayAdd: Handler<'holiday.add'> = async (input, ctx) => {
  const { tenantId } = ctx.principal;
  const days = [...input.days].sort((a, b) => a.day.localeCompare(b.day));
  const before = (await ctx
    .trx('tenantHolidays')
    .where({ tenantId, calendar: input.calendar })
    .whereIn(
      'day',
      days.map((d) => d.day),
    )) as HolidayRow[];
  const rows = (await ctx
    .trx('tenantHolidays')
    .insert(days.map((d) => ({ tenantId, calendar: input.calendar, day: d.day, name: d.name })))
    .onConflict(['tenantId', 'calendar', 'day'])
    .merge(['name'])
    .returning('*')) as HolidayRow[];
  const added = rows.map(presentHoliday).sort((a, b) => a.day.localeCompare(b.day));
  await ctx.audit({
    targetType: 'holiday_calendar',
    targetId: input.calendar,
    before: { days: before.map(presentHoliday) },
    after: { days: added },
  });
  return { calendar: input.calendar, days: added };
};
