/**
 * JSON that is data, never an object template: `__proto__` keys are dropped while parsing, so
 * that no later copy (`Object.assign`, a merge) can turn one into a prototype. Throws
 * JSON.parse's SyntaxError on bad text; callers name the file.
 */
export function parseJsonData(text: string): unknown {
  return JSON.parse(text, (key, value: unknown) => (key === '__proto__' ? undefined : value));
}
