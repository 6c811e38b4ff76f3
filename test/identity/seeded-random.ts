import { createSeededRandom } from '../../server/demo/create-seeded-random.js';

/** The demo seed's generator as a plain function, so every failing stream can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  const random = createSeededRandom(seed);
  return () => random.next();
}

export const randomInt = (random: () => number, n: number) => Math.floor(random() * n);

export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(random, i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
