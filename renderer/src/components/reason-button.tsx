import type { ButtonHTMLAttributes } from 'react';

/** A button's own props, less `disabled` (the reason decides it) and `title` (given for the enabled case). */
type ReasonButtonProps = Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'disabled' | 'title'> & {
  /**
   * Why the button cannot be pressed now, in words ("Choose a table."); null, undefined,
   * false or '' when it can. The button is disabled exactly when there is a reason.
   */
  blockedBy: string | null | undefined | false;
  /** The tooltip while the button can be pressed: what it does. */
  title?: string;
  /** Also show the reason as text beside the button, where the operator needs it in view. */
  showReason?: boolean;
  /** `data-testid` of that text. */
  reasonTestId?: string;
};

/**
 * The one way the renderer disables a button: with a reason. A disabled button that does
 * not say why leaves the operator guessing (issue 16), so `disabled` cannot be given
 * directly; the reason becomes the tooltip, and with `showReason` a line beside it. A
 * lint-style test (test/unit/renderer/disabled-reasons.test.ts) refuses a raw
 * `<button disabled=…>` anywhere else in renderer/src.
 */
export function ReasonButton({ blockedBy, title, showReason = false, reasonTestId, ...rest }: ReasonButtonProps) {
  const reason = blockedBy || null;
  const button = <button type="button" {...rest} disabled={reason !== null} title={reason ?? title} />;
  if (!showReason || reason === null) return button;
  return (
    <>
      {button}
      <span className="muted small blocked-reason" data-testid={reasonTestId}>{reason}</span>
    </>
  );
}
