/**
 * Graph's `dateTimeTimeZone` ({ dateTime: wall-clock time without offset, timeZone }) and instants. Graph takes
 * IANA names and Windows names; Windows names are mapped here for the zones Pivotal's users are likely in
 * (Intl knows only IANA names). Shared by the Graph emulator and the adapter.
 */
const WINDOWS_ZONES: Record<string, string> = {
  utc: 'UTC',
  'coordinated universal time': 'UTC',
  'gmt standard time': 'Europe/London',
  'greenwich standard time': 'Atlantic/Reykjavik',
  'w. europe standard time': 'Europe/Berlin',
  'romance standard time': 'Europe/Paris',
  'central europe standard time': 'Europe/Budapest',
  'central european standard time': 'Europe/Warsaw',
  'e. europe standard time': 'Europe/Chisinau',
  'fle standard time': 'Europe/Kiev',
  'gtb standard time': 'Europe/Bucharest',
  'eastern standard time': 'America/New_York',
  'central standard time': 'America/Chicago',
  'mountain standard time': 'America/Denver',
  'us mountain standard time': 'America/Phoenix',
  'pacific standard time': 'America/Los_Angeles',
  'alaskan standard time': 'America/Anchorage',
  'hawaiian standard time': 'Pacific/Honolulu',
  'e. south america standard time': 'America/Sao_Paulo',
  'india standard time': 'Asia/Kolkata',
  'china standard time': 'Asia/Shanghai',
  'tokyo standard time': 'Asia/Tokyo',
  'aus eastern standard time': 'Australia/Sydney',
};

/** The IANA zone for a Graph time zone name (IANA or a known Windows name), or null when unknown. */
export function ianaZone(name: string): string | null {
  const mapped = WINDOWS_ZONES[name.trim().toLowerCase()];
  if (mapped) return mapped;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** The wall-clock time of an instant in an IANA zone, as Graph writes it: `2026-05-04T09:30:00.0000000`. */
export function wallClock(instant: number, zone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '00';
  const year = get('year').padStart(4, '0');
  return `${year}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}:${get('second')}.0000000`;
}

/**
 * The instant of a wall-clock `dateTime` in an IANA zone, or NaN when the text is not a date-time. A trailing
 * offset or `Z` in `dateTime` is ignored, as Graph reads the value in `timeZone`.
 */
export function instantOf(dateTime: string, zone: string): number {
  const local = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?/.exec(dateTime.trim());
  if (!local) return Number.NaN;
  const naive = Date.parse(`${local[1]}T${(local[2] ?? '00:00:00').slice(0, 12)}Z`);
  if (Number.isNaN(naive)) return Number.NaN;
  // Two passes settle the zone offset, also across a DST change between the naive guess and the answer.
  let guess = naive - offsetMs(naive, zone);
  guess = naive - offsetMs(guess, zone);
  return guess;
}

function offsetMs(instant: number, zone: string): number {
  const shown = Date.parse(`${wallClock(instant, zone).slice(0, 19)}Z`);
  return shown - Math.floor(instant / 1000) * 1000;
}
