// Reads a zip's central directory (without inflating anything) to learn its unzipped size, with
// yauzl. A file that is not a zip gets AWS's own message.
import { fromBuffer, type Entry } from 'yauzl';
import { fail } from '../../core/apiProblem';

export interface ZipSummary {
  readonly entries: number;
  readonly unzippedBytes: number;
}

export function summariseZip(zip: Buffer): Promise<ZipSummary> {
  const refuse = (): never => fail('InvalidParameterValueException', 'Could not unzip uploaded file. Please check your file, then try to upload again.');
  return new Promise((resolve, reject) => {
    fromBuffer(zip, { lazyEntries: true, validateEntrySizes: false }, (error, zipfile) => {
      if (error || !zipfile) {
        try { refuse(); } catch (problem) { reject(problem); }
        return;
      }
      let entries = 0;
      let unzippedBytes = 0;
      zipfile.on('entry', (entry: Entry) => {
        entries += 1;
        unzippedBytes += entry.uncompressedSize;
        zipfile.readEntry();
      });
      zipfile.on('end', () => resolve({ entries, unzippedBytes }));
      zipfile.on('error', () => {
        try { refuse(); } catch (problem) { reject(problem); }
      });
      zipfile.readEntry();
    });
  });
}
