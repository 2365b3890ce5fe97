import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { DateOnly } from '../../contract/common';
import { Holiday, HolidayCalendar } from '../../schemas/sequence';

export const add = defineOperation({
  id: 'holiday.add',
  kind: 'mutation',
  summary:
    "Adds days to one of the tenant's holiday calendars (a day already there gets the new name). Sequences send no automated email on a holiday of any of the tenant's calendars.",
  input: z.object({
    calendar: HolidayCalendar.default('default'),
    days: z
      .array(z.object({ day: DateOnly, name: z.string().trim().max(120).default('') }))
      .min(1)
      .max(400)
      .refine((days) => new Set(days.map((d) => d.day)).size === days.length, { message: 'each day at most once' }),
  }),
  output: z.object({ calendar: HolidayCalendar, days: z.array(Holiday) }),
  errors: [],
  permission: 'sequence.manage',
  flag: 'sequences',
  emits: [],
  source: 'project',
});
