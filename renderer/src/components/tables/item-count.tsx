import type { CommandResponses } from '../../../../shared/contract';
import { useEffect, useRef, useState } from 'react';
import { formatCount } from '../../../../shared/format';
import { command, errorWords } from '../../api/command';

/** What the live count has reached. */
interface CountState {
  phase: 'idle' | 'counting' | 'done' | 'stopped' | 'failed';
  items: number;
  consumedRcu: number;
  pages: number;
  error: string | null;
}

const IDLE: CountState = { phase: 'idle', items: 0, consumedRcu: 0, pages: 0, error: null };

/**
 * A live item count on demand: a Scan with `Select: COUNT`, one page at a time, paced so
 * it reads at most the chosen RCU per second (a wait after each page for the capacity it
 * used), and stoppable between pages. DynamoDB's own item count is six hours stale; this
 * one is exact when it finishes, and costs what the scan reads.
 */
export function ItemCount({ connectionId, tableName }: { connectionId: string; tableName: string }) {
  const [rate, setRate] = useState('100');
  const [state, setState] = useState<CountState>(IDLE);
  const stopRef = useRef<(() => void) | null>(null);
  useEffect(() => () => stopRef.current?.(), []);

  const start = async () => {
    const rcuPerSecond = Number(rate);
    if (!(rcuPerSecond > 0)) return setState({ ...IDLE, phase: 'failed', error: 'The read rate must be a number above zero.' });
    let stopped = false;
    let wake: (() => void) | null = null;
    stopRef.current = () => { stopped = true; wake?.(); };
    let s: CountState = { ...IDLE, phase: 'counting' };
    setState(s);
    let key: string | null = null;
    try {
      do {
        const began = Date.now();
        const page: CommandResponses['countItemsPage'] = await command('countItemsPage', { connectionId, tableName, startKey: key });
        key = page.nextKey;
        s = { ...s, items: s.items + page.count, consumedRcu: s.consumedRcu + page.consumedRcu, pages: s.pages + 1 };
        setState(s);
        // Pace: the capacity this page used, at the chosen rate, before the next page.
        const waitMs = (page.consumedRcu / rcuPerSecond) * 1000 - (Date.now() - began);
        if (key && waitMs > 0 && !stopped) await new Promise<void>((resolve) => { wake = resolve; setTimeout(resolve, waitMs); });
      } while (key && !stopped);
      setState({ ...s, phase: key ? 'stopped' : 'done' });
    } catch (e) {
      setState({ ...s, phase: 'failed', error: errorWords(e) });
    } finally {
      stopRef.current = null;
    }
  };

  const counting = state.phase === 'counting';
  return (
    <div className="item-count" data-testid="item-count">
      <div className="row">
        <label>Read rate (RCU/s)<input data-testid="count-rate" type="number" min={1} value={rate} disabled={counting} title={counting ? 'The count runs at the rate it started with: stop it to change the rate' : 'Read capacity the count may use per second'} onChange={(e) => setRate(e.target.value)} /></label>
        {counting
          ? <button data-testid="count-stop" onClick={() => stopRef.current?.()}>Stop counting</button>
          : <button data-testid="count-start" onClick={() => void start()}>{state.phase === 'idle' ? 'Count items now' : 'Count again'}</button>}
      </div>
      <p data-testid="count-result" data-phase={state.phase}>
        {state.phase === 'idle' && <span className="muted">Scans the table with Select COUNT at the rate above (it reads the whole table once).</span>}
        {state.phase !== 'idle' && (
          <>
            <strong data-testid="count-items">{formatCount(state.items)}</strong> items
            {state.phase === 'counting' && ' so far…'}
            {state.phase === 'done' && ' (exact, counted now)'}
            {state.phase === 'stopped' && ' counted before you stopped: not the whole table'}
            <span className="muted small"> · {formatCount(state.pages)} page{state.pages === 1 ? '' : 's'}, {formatCount(Math.ceil(state.consumedRcu))} RCU read</span>
          </>
        )}
      </p>
      {state.error && <p className="error-text" data-testid="count-error">{state.error}</p>}
    </div>
  );
}
