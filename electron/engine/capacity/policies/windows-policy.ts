import { formatCount, formatDuration } from '../../../../shared/format';
import type { RateDecision, RateInputs } from '../rate-inputs';
import { fillPolicy } from './fill-policy';
import { applyCeiling } from './rate-ceiling';
import { activeWindow, localTimeIn, minutesUntilClose, minutesUntilNextOpening } from './time-window';

/**
 * Windows (technique 1): write only while the application leaves reserved capacity idle
 * (say 01:00-05:00 in the table's users' zone), at a fixed rate or filling capacity;
 * outside them the job pauses (`run: false`) rather than stops, and resumes at the edge.
 */
export function windowsPolicy(inputs: RateInputs): RateDecision {
  const mode = inputs.mode;
  if (mode.mode !== 'windows') throw new Error(`windowsPolicy got mode ${mode.mode}`);
  const local = localTimeIn(inputs.nowMs, mode.timeZone);
  const active = activeWindow(mode.windows, local);
  if (!active) {
    const wait = minutesUntilNextOpening(mode.windows, local);
    const list = mode.windows.map((w) => `${w.start}-${w.end}${w.days ? ` ${w.days.join(',')}` : ''}`).join(', ');
    const next = wait === null ? '' : `; the next opens in ${formatDuration(wait * 60)}`;
    return { rateWcuPerSecond: 0, run: false, reason: `windows: paused outside ${list} ${mode.timeZone}${next}` };
  }
  const where = `inside ${active.start}-${active.end} ${mode.timeZone} (closes in ${formatDuration(minutesUntilClose(active, local) * 60)})`;
  if (mode.inside.kind === 'rate') {
    return applyCeiling({ rateWcuPerSecond: mode.inside.wcuPerSecond, run: true, reason: `windows: ${where}: ${formatCount(mode.inside.wcuPerSecond)} WCU/s` }, mode);
  }
  return fillPolicy(inputs, mode.inside.share, `windows: ${where}: fill`);
}
