import type { Holiday } from '@pivotal-pm/sdk';

/** A `tenant_holidays` row (`day` is read as `YYYY-MM-DD` text, see db/knex.ts). */
export type HolidayRow = { tenantId: string; calendar: string; day: string; name: string };

export function presentHoliday(row: HolidayRow): Holiday {
  return { tenantId: row.tenantId, calendar: row.calendar, day: row.day, name: row.name };
}
