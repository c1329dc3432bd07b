/**
 * The engine words its refusals for every face, naming the command line's flags. In the
 * wizard the operator has no flags: each flag becomes the control that does the same.
 * Unit-tested against the engine's own refusals, so a new flag in them shows up.
 */
const FLAG_WORDS: [RegExp, string][] = [
  [/\(--confirm ([^)]+)\)/g, '(type $1 under Safety)'],
  [/choose --backup pitr \(the job turns PITR on\) or --backup on-demand \(the job takes a backup first\), or --override-safety to start anyway/g,
    'under Safety, turn PITR on, take a backup now, or set “Backup by the job”; or tick “Start without point-in-time recovery or a backup anyway”'],
  [/\(acceptReapplyRisk in the spec, --accept-reapply-risk on the command line\)/g, '(tick “Accept that a resume may apply it twice” under the update)'],
];

/** A refusal as the wizard shows it: the same reasons, with the wizard's controls in place of flags. */
export function refusalForUi(text: string): string {
  return FLAG_WORDS.reduce((words, [flag, control]) => words.replace(flag, control), text);
}
