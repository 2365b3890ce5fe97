import { notFound } from '#http/errors';
import type { Handler } from '#http/types';
import { presentHoliday, type HolidayRow } from '#domains/sequences/holidays';

/** Removes one day from a holiday calendar (404 when the calendar has no such day). */
export const holidayRemove: Handler<'holiday.remove'> = async (input, ctx) => {
  const [row] = (await ctx
    .trx('tenantHolidays')
    .where({ tenantId: ctx.principal.tenantId, calendar: input.calendar, day: input.day })
    .delete()
    .returning('*')) as HolidayRow[];
  if (!row) throw notFound('Holiday');
  const dto = presentHoliday(row);
  await ctx.audit({ targetType: 'holiday_calendar', targetId: input.calendar, before: dto });
  return dto;
};
