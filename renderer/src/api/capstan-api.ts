import type { CapstanApi } from '../../../shared/contract';
import { createWebSocketApi } from './ws-client';

declare global {
  interface Window {
    /** Set by the desktop preload bridge; absent in web mode. */
    capstan?: CapstanApi;
  }
}

/**
 * The API this page talks to: the desktop bridge when the preload put one there, else
 * the WebSocket of web mode. Nothing else in the renderer knows which it has.
 */
export function resolveApi(): CapstanApi {
  if (window.capstan) return window.capstan;
  const token = new URLSearchParams(window.location.search).get('token') ?? '';
  const protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return createWebSocketApi(`${protocol}//${window.location.host}/ws?token=${encodeURIComponent(token)}`);
}

/** The one API instance of this page. */
export const api: CapstanApi = resolveApi();
