import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Reads a published contract from ../shared/contracts beside the repository (never copied into it), and
 * says plainly what is missing when the folder is not there.
 */
export function readSharedContract(relativePath: string): unknown {
  const path = fileURLToPath(new URL(`../../../shared/contracts/${relativePath}`, import.meta.url));
  if (!existsSync(path)) {
    throw new Error(`The contract ${relativePath} is missing: the fakes are built on ../shared/contracts/${relativePath} beside the repository (${path}).`);
  }
  return JSON.parse(readFileSync(path, 'utf8'));
}
