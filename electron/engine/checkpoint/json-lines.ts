import { readFile } from 'node:fs/promises';

/**
 * Every line of a JSON-lines file a job appends to (its ticks, its log), up to the first
 * line that does not parse: a crash mid-append leaves at most that one. A missing file
 * reads as empty.
 */
export async function readJsonLines<T>(path: string): Promise<T[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return [];
  }
  const values: T[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      values.push(JSON.parse(line) as T);
    } catch {
      break;
    }
  }
  return values;
}
