import type { TimeWindow } from '#contracts/config-common';

// Wall-clock arithmetic in a named time zone with Intl only (no tz library in the Lambda bundle).

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const formatterFor = (timeZone: string): Intl.DateTimeFormat => {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
};

export const localTime = (instant: Date, timeZone: string): LocalTime => {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
  };
};

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The local calendar day (yyyy-mm-dd) and hour (HH) that daily and hourly caps count in. */
export const localDayAndHour = (instant: Date, timeZone: string): { day: string; hour: string } => {
  const t = localTime(instant, timeZone);
  return { day: `${t.year}-${pad(t.month)}-${pad(t.day)}`, hour: pad(t.hour) };
};

/** Milliseconds the zone is ahead of UTC at this instant. */
const offsetAt = (instant: number, timeZone: string): number => {
  const t = localTime(new Date(instant), timeZone);
  const asUtc = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
  return asUtc - (instant - (instant % 1000));
};

/** The instant a local wall-clock time happens; two passes settle the offset across a DST change. */
const instantOf = (wall: { year: number; month: number; day: number; minutes: number }, timeZone: string): Date => {
  const naive = Date.UTC(wall.year, wall.month - 1, wall.day, 0, wall.minutes);
  let guess = naive - offsetAt(naive, timeZone);
  guess = naive - offsetAt(guess, timeZone);
  return new Date(guess);
};

const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
};

/**
 * When `now` falls inside the daily window, the instant the window ends (when held messages are
 * released); otherwise undefined. start > end spans midnight (22:00–08:00); start = end is empty.
 */
export const windowEnd = (window: TimeWindow, now: Date): Date | undefined => {
  const timeZone = window.timeZone || DEFAULT_TIME_ZONE;
  const start = minutesOf(window.start);
  const end = minutesOf(window.end);
  if (start === end) return undefined;
  const t = localTime(now, timeZone);
  const current = t.hour * 60 + t.minute;
  const inside = start < end ? current >= start && current < end : current >= start || current < end;
  if (!inside) return undefined;
  // Ends tomorrow only when the window spans midnight and we are still before midnight.
  const endsTomorrow = start > end && current >= start;
  const date = new Date(Date.UTC(t.year, t.month - 1, t.day + (endsTomorrow ? 1 : 0)));
  return instantOf({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), minutes: end }, timeZone);
};
