import { isAllowedExternalUrl } from './external-links';

/**
 * What a window does when its page tries to go somewhere (a link, `window.open`, a
 * redirect, `location = ...`): it never leaves the page it was given; an allowed
 * documentation link opens in the operator's browser instead.
 */
export interface NavigationDecision {
  /** Always false: no window of the app navigates away from its page. */
  allowInWindow: false;
  /** Hand the URL to the operator's browser (allow-listed links only). */
  openExternally: boolean;
}

/** Decides a navigation or window-open attempt to `url`. */
export function decideNavigation(url: string): NavigationDecision {
  return { allowInWindow: false, openExternally: isAllowedExternalUrl(url) };
}
