/**
 * Commander's parser for a flag that may be given more than once (`--name a --name b`):
 * each value is added to the list, which starts as the option's default (`[]`).
 */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
