import type { Handler } from '#http/types';
import { applyKeyset } from '#domains/shared/listKeyset';
import { pageOf } from '#domains/shared/pagination';
import { presentHoliday, type HolidayRow } from '#domains/sequences/holidays';

/** The tenant's holidays by day (then calendar), filtered by calendar and date range. */
export const holidayList: Handler<'holiday.list'> = async (input, ctx) => {
  const query = ctx.trx('tenantHolidays').where({ tenantId: ctx.principal.tenantId });
  if (input.calendar) query.where({ calendar: input.calendar });
  if (input.from) query.where('day', '>=', input.from);
  if (input.to) query.where('day', '<=', input.to);
  applyKeyset(query, { day: 'timestamp', calendar: 'text' }, input.cursor);
  const rows = (await query.limit(input.limit + 1)) as HolidayRow[];
  return pageOf(rows, input.limit, (r) => [r.day, r.calendar], presentHoliday);
};
