// Parsing the commands' flags: light, since every start of the command declares them.
import { CliError, EXIT } from "./exit.ts";

/** A whole-number flag within bounds: past Node's timer limit (2^31 ms) a timeout would fire at once, so every flag has a maximum. */
export function wholeNumber(name: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max)
      throw new CliError(`${name} must be a whole number from ${min} to ${max}, not ${JSON.stringify(value)}`, EXIT.usage);
    return n;
  };
}
