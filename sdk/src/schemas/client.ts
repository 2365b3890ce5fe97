import { z } from 'zod';
import { base, DateOnly, Id, Timestamp, Version } from '../contract/common';

/** A client of the agency: the scope client roles are confined to. */
export const Client = z.object({
  ...base,
  name: z.string(),
  /** Short code used in reports, e.g. `ACME`. */
  code: z.string().nullable(),
  domain: z.string().nullable(),
  ownerId: Id.nullable(),
  archivedAt: Timestamp.nullable(),
  version: Version,
});
export type Client = z.infer<typeof Client>;

/** A project of one client (opportunities and pipelines may be scoped to projects). */
export const Project = z.object({
  ...base,
  clientId: Id,
  name: z.string(),
  code: z.string().nullable(),
  startDate: DateOnly.nullable(),
  endDate: DateOnly.nullable(),
  archivedAt: Timestamp.nullable(),
  version: Version,
});
export type Project = z.infer<typeof Project>;
