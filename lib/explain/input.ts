import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { eventsOf } from '../../lambda/core/cloudtrail';
import { CliError, EXIT } from '../common/cli-error';

/** Exit code of input that cannot be read or parsed at all (one event that fails the checks is a `reject` entry). */
export const BAD_INPUT_EXIT = EXIT.usage;

/**
 * The events of a file, or of standard input for `-`: one EventBridge event, one raw CloudTrail record, a CloudTrail
 * log file (`{"Records": [...]}`) or a JSON array of events; gzip-compressed too, as CloudTrail delivers log files.
 */
export function readEvents(source: string, stdin: () => Buffer = () => readFileSync(0)): unknown[] {
  const name = source === '-' ? 'standard input' : source;
  let bytes: Buffer;
  try {
    bytes = source === '-' ? stdin() : readFileSync(source);
  } catch (e) {
    throw new CliError(`cannot read ${name}: ${(e as Error).message}`, BAD_INPUT_EXIT);
  }
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (e) {
      throw new CliError(
        `${name} looks gzip-compressed but cannot be decompressed: ${(e as Error).message}`,
        BAD_INPUT_EXIT,
      );
    }
  }
  return eventsOf(parseJson(bytes.toString('utf8'), name));
}

/** Parses a JSON file given on the command line, naming it when it is not JSON. */
export function readJsonFile(file: string, option: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliError(`${option}: cannot read ${file}: ${(e as Error).message}`, BAD_INPUT_EXIT);
  }
  return parseJson(text, `${option} ${file}`);
}

function parseJson(text: string, name: string): unknown {
  try {
    // Editors on Windows save UTF-8 with a byte-order mark, which JSON.parse refuses.
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    // The parser quotes the input, which may hold line breaks: the reason stays one line.
    throw new CliError(`${name} is not JSON: ${(e as Error).message.replace(/\s+/g, ' ')}`, BAD_INPUT_EXIT);
  }
}
