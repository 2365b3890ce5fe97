import type { Holiday } from '@pivotal-pm/sdk';
import { tableColumns } from '#db/tableColumns';

/** A `tenant_holidays` row (`day` is read as `YYYY-MM-DD` text, see db/knex.ts). */
export type HolidayRow = { tenantId: string; calendar: string; day: string; name: string };
/** The columns of `HolidayRow` (`tenant_holidays`). */
export const holidayColumns = tableColumns<HolidayRow>()('tenant_holidays', ['tenantId', 'calendar', 'day', 'name']);

export function presentHoliday(row: HolidayRow): Holiday {
  return { tenantId: row.tenantId, calendar: row.calendar, day: row.day, name: row.name };
}
