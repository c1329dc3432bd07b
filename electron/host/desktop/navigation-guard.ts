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

/** The part of an Electron navigation event the guard uses. */
export interface NavigationAttempt {
  url?: string;
  isMainFrame?: boolean;
  preventDefault(): void;
}

/**
 * The listeners main.ts attaches to every web contents it creates (the main window, the
 * PDF window, any other): kept here, apart from Electron, so tests can fire fake events
 * at them. Nothing navigates, opens a window, follows a redirect or attaches a webview;
 * an allowed link goes to `openExternal`.
 */
export function navigationGuards(openExternal: (url: string) => void) {
  const openIfAllowed = (url: string | undefined) => {
    if (url !== undefined && decideNavigation(url).openExternally) openExternal(url);
  };
  return {
    windowOpen: ({ url }: { url: string }): { action: 'deny' } => {
      openIfAllowed(url);
      return { action: 'deny' };
    },
    willNavigate: (event: NavigationAttempt) => {
      event.preventDefault();
      openIfAllowed(event.url);
    },
    /** Sub-frames too (the main frame's attempts also arrive as will-navigate). */
    willFrameNavigate: (event: NavigationAttempt) => {
      event.preventDefault();
    },
    willRedirect: (event: NavigationAttempt) => event.preventDefault(),
    willAttachWebview: (event: NavigationAttempt) => event.preventDefault(),
  };
}
