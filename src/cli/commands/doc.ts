// `ykt doc …`: document checks from a shell, for operators and for scripts that vet imported data.
import type { Command } from 'commander';
import { errorEntry, type Message } from '../../domain/errors.ts';
import { checkDocument, maskDocumentNumber, type DocumentVerdict, type TravelDocument } from '../../domain/documents.ts';

/** What `ykt doc check` prints: one JSON line. The number inside `document` is masked. */
export interface DocCheckOutput {
  valid: boolean;
  code: string;
  message: Message;
  document?: TravelDocument;
}

// Valid is not a refusal, so it has no entry in the error catalogue; its text lives here.
const VALID_MESSAGE: Message = { zh: '证件号码格式有效', en: 'The document number is valid' };

/**
 * Adds `ykt doc check <type> <number> [--state CODE]`, which exits 0 for a valid document and 1 otherwise.
 * @example registerDocCommands(new Command('ykt'))
 */
export function registerDocCommands(program: Command): void {
  const doc = program.command('doc').description('Identity documents');
  doc
    .command('check')
    .description('Check a document number; prints the verdict as JSON, exits 0 when valid and 1 when not')
    .argument('<type>', 'hk-macao-permit | taiwan-permit | passport | residence-permit')
    .argument('<number>', 'the document number')
    .option('--state <code>', 'issuing state of a passport (ICAO 9303 code, such as GBR)')
    .action((type: string, number: string, options: { state?: string }) => {
      const output = docCheckOutput(checkDocument({ type, number, state: options.state }));
      process.stdout.write(`${JSON.stringify(output)}\n`);
      // exitCode rather than exit(): stdout may be a pipe that has not drained yet.
      process.exitCode = output.valid ? 0 : 1;
    });
}

/**
 * Turns a verdict into the printed shape; document numbers are personal data, so only the mask leaves here.
 * @example docCheckOutput({ valid: false, code: 'DOC_TYPE_UNKNOWN' }).message.en === 'This document type is not supported'
 */
function docCheckOutput(verdict: DocumentVerdict): DocCheckOutput {
  if (!verdict.valid) {
    const { zh, en } = errorEntry(verdict.code);
    return { valid: false, code: verdict.code, message: { zh, en } };
  }
  const document = { ...verdict.document, number: maskDocumentNumber(verdict.document.number) };
  return { valid: true, code: 'DOC_VALID', message: VALID_MESSAGE, document };
}
