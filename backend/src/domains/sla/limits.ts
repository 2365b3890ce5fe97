/** A limit in hours as people say it: "3 days" when it is whole days, else "30 hours". */
export function limitText(hours: number): string {
  if (hours % 24 === 0) return hours === 24 ? '1 day' : `${hours / 24} days`;
  return hours === 1 ? '1 hour' : `${hours} hours`;
}

/** What breached, as the SLA task's title says it. */
export function breachTitle(kind: 'idle' | 'stage_time', deal: string, stage: string, hours: number): string {
  return kind === 'idle'
    ? `SLA: no activity on ${deal} in ${limitText(hours)}`
    : `SLA: ${deal} in ${stage} for more than ${limitText(hours)}`;
}
