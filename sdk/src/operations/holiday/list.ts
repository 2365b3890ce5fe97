import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { DateOnly, pageInput, page } from '../../contract/common';
import { Holiday, HolidayCalendar } from '../../schemas/sequence';

export const list = defineOperation({
  id: 'holiday.list',
  kind: 'query',
  summary: "Lists the tenant's holidays by day, optionally for one calendar and a date range.",
  input: z
    .object({ calendar: HolidayCalendar.optional(), from: DateOnly.optional(), to: DateOnly.optional(), ...pageInput })
    .refine((v) => !v.from || !v.to || v.from <= v.to, { message: '`from` must not be after `to`', path: ['to'] }),
  output: page(Holiday),
  errors: [],
  permission: 'sequence.read',
  flag: 'sequences',
  emits: [],
  list: true,
  source: 'project',
});
