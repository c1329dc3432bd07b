import { minutesOfDay, WINDOW_DAYS, type TimeWindow, type WindowDay } from '../../../../shared/rate-modes';

/**
 * Time windows in a named zone's wall-clock time. Windows are read on the local clock,
 * as an operator writes them ("01:00-05:00 Europe/Paris"): on a DST change a window
 * covering the skipped hour is shorter, one covering the repeated hour is longer, and
 * a window lying entirely inside the skipped hour does not open that night.
 */

const MINUTES_PER_DAY = 24 * 60;

/** A moment as the zone's wall clock shows it. */
export interface LocalTime {
  weekday: WindowDay;
  /** Minutes since local midnight, 0..1439. */
  minuteOfDay: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone's wall-clock weekday and minute at `nowMs` (Intl does the zone and DST rules). */
export function localTimeIn(nowMs: number, timeZone: string): LocalTime {
  let weekday: WindowDay = 'mon';
  let hour = 0;
  let minute = 0;
  for (const part of formatterFor(timeZone).formatToParts(new Date(nowMs))) {
    if (part.type === 'weekday') weekday = part.value.slice(0, 3).toLowerCase() as WindowDay;
    else if (part.type === 'hour') hour = Number(part.value) % 24;
    else if (part.type === 'minute') minute = Number(part.value);
  }
  return { weekday, minuteOfDay: hour * 60 + minute };
}

function dayShift(day: WindowDay, by: number): WindowDay {
  const i = WINDOW_DAYS.indexOf(day);
  return WINDOW_DAYS[(((i + by) % 7) + 7) % 7]!;
}

function opensOn(window: TimeWindow, day: WindowDay): boolean {
  return !window.days || window.days.includes(day);
}

/**
 * The window that holds `local`, or null. A window that crosses midnight belongs to the
 * day it opens on: "fri 22:00-02:00" holds Saturday 01:30 but not Friday 01:30.
 */
export function activeWindow(windows: readonly TimeWindow[], local: LocalTime): TimeWindow | null {
  for (const w of windows) {
    const start = minutesOfDay(w.start);
    const end = minutesOfDay(w.end);
    const m = local.minuteOfDay;
    if (start < end) {
      if (m >= start && m < end && opensOn(w, local.weekday)) return w;
    } else {
      if (m >= start && opensOn(w, local.weekday)) return w;
      if (m < end && opensOn(w, dayShift(local.weekday, -1))) return w;
    }
  }
  return null;
}

/** Wall-clock minutes from `local` until the next window opens (null if none ever does). */
export function minutesUntilNextOpening(windows: readonly TimeWindow[], local: LocalTime): number | null {
  let best: number | null = null;
  for (const w of windows) {
    const start = minutesOfDay(w.start);
    for (let offset = 0; offset <= 7; offset++) {
      const delta = offset * MINUTES_PER_DAY + start - local.minuteOfDay;
      if (delta <= 0 || !opensOn(w, dayShift(local.weekday, offset))) continue;
      if (best === null || delta < best) best = delta;
      break;
    }
  }
  return best;
}

/** Wall-clock minutes from `local` until the active window `w` closes. */
export function minutesUntilClose(w: TimeWindow, local: LocalTime): number {
  const end = minutesOfDay(w.end);
  return (((end - local.minuteOfDay) % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY || MINUTES_PER_DAY;
}
