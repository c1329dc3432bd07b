import { useEffect, useRef, useState, type RefObject } from 'react';

/**
 * The width of an element in CSS pixels, kept current with a ResizeObserver, so charts
 * can downsample to the pixels they have rather than to a fixed count.
 */
export function useElementWidth<T extends HTMLElement>(fallback = 800): [RefObject<T | null>, number] {
  const ref = useRef<T | null>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth || fallback);
    const observer = new ResizeObserver((entries) => {
      const w = Math.round(entries[0]?.contentRect.width ?? 0);
      if (w > 0) setWidth((old) => (Math.abs(old - w) >= 8 ? w : old));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [fallback]);
  return [ref, width];
}
