import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { DateOnly } from '../../contract/common';
import { Holiday, HolidayCalendar } from '../../schemas/sequence';

export const remove = defineOperation({
  id: 'holiday.remove',
  kind: 'mutation',
  summary: "Removes a day from one of the tenant's holiday calendars.",
  input: z.object({ calendar: HolidayCalendar.default('default'), day: DateOnly }),
  output: Holiday,
  errors: ['not_found'],
  permission: 'sequence.manage',
  flag: 'sequences',
  emits: [],
  source: 'project',
});
