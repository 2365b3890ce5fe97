import { IANAZone, Zone, type ZoneOffsetFormat, type ZoneOffsetOptions } from 'luxon';

const DAY = 86_400_000;
const MINUTE = 60_000;

/**
 * An IANA zone for luxon that remembers UTC offsets. Luxon asks `Intl.DateTimeFormat` for the offset of every
 * instant it reads, which dominates a dry run of thousands of placements. The offset of a UTC day whose two ends
 * agree is the offset of its start (zones change offset at most once a day); a day with a change is looked up per
 * minute (changes fall on minute boundaries). Exact, only faster: the answers are the IANA zone's own.
 */
export class CachedZone extends Zone {
  private readonly iana: IANAZone;
  private readonly days = new Map<number, number | null>();
  private readonly minutes = new Map<number, number>();

  constructor(name: string) {
    super();
    this.iana = IANAZone.create(name);
  }

  override get type(): string {
    return 'iana';
  }
  override get name(): string {
    return this.iana.name;
  }
  override get isUniversal(): boolean {
    return false;
  }
  override get isValid(): true {
    return this.iana.isValid as true;
  }
  override offsetName(ts: number, options: ZoneOffsetOptions): string {
    return this.iana.offsetName(ts, options) ?? '';
  }
  override formatOffset(ts: number, format: ZoneOffsetFormat): string {
    return this.iana.formatOffset(ts, format);
  }
  override equals(other: Zone): boolean {
    return other.type === 'iana' && other.name === this.name;
  }

  override offset(ts: number): number {
    const day = Math.floor(ts / DAY) * DAY;
    let whole = this.days.get(day);
    if (whole === undefined) {
      const start = this.iana.offset(day);
      whole = start === this.iana.offset(day + DAY - MINUTE) ? start : null;
      this.days.set(day, whole);
    }
    if (whole !== null) return whole;
    const minute = Math.floor(ts / MINUTE) * MINUTE;
    let exact = this.minutes.get(minute);
    if (exact === undefined) this.minutes.set(minute, (exact = this.iana.offset(minute)));
    return exact;
  }
}

const zones = new Map<string, CachedZone>();

/** One shared cached zone per IANA name (offsets never change for a name within a process). */
export function cachedZone(name: string): CachedZone {
  let zone = zones.get(name);
  if (!zone) zones.set(name, (zone = new CachedZone(name)));
  return zone;
}
