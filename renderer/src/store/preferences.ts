/**
 * The operator's choices that outlive a session (the connection, UTC or local times),
 * kept in localStorage. Reading never throws: a browser that refuses storage simply
 * forgets.
 */

const PREFIX = 'capstan.';

/** Names of the stored preferences and the type each holds. */
export interface Preferences {
  connectionId: string;
  utc: boolean;
}

/** A stored preference, or undefined when none was saved (or storage is off). */
export function loadPreference<K extends keyof Preferences>(name: K): Preferences[K] | undefined {
  try {
    const raw = window.localStorage.getItem(PREFIX + name);
    return raw === null ? undefined : (JSON.parse(raw) as Preferences[K]);
  } catch {
    return undefined;
  }
}

/** Saves a preference; silently does nothing when storage is unavailable. */
export function savePreference<K extends keyof Preferences>(name: K, value: Preferences[K]): void {
  try {
    window.localStorage.setItem(PREFIX + name, JSON.stringify(value));
  } catch {
    // Storage refused (private mode, quota): the choice lasts for this session only.
  }
}
