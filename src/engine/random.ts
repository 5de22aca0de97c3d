/**
 * Named random streams forked from one scenario seed.
 *
 * Every component draws from its own stream (`traffic/users-eu`, `lb/proxy-3`), seeded by the
 * scenario seed and the stream's name. Adding a component never shifts another component's
 * draws, and two designs compared on the same seed see the same arrivals (common random numbers).
 * Streams use seedrandom's Alea generator: fast, 32-bit state mixing, identical on every platform.
 */
import seedrandom from 'seedrandom';

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, 2^32). Envoy's `random()` is a uint64; meshsim keeps 32 bits. */
  nextUint32(): number;
}

class AleaRng implements Rng {
  private readonly prng: seedrandom.PRNG;
  constructor(seed: string) {
    this.prng = seedrandom.alea(seed);
  }
  next(): number {
    return this.prng();
  }
  nextUint32(): number {
    return this.prng.int32() >>> 0;
  }
}

export class RandomStreams {
  private readonly streams = new Map<string, Rng>();
  constructor(readonly seed: number | string) {}

  /** The stream with this name; the same name always yields the same stream object. */
  stream(name: string): Rng {
    let s = this.streams.get(name);
    if (!s) {
      s = new AleaRng(`meshsim:${this.seed}:${name}`);
      this.streams.set(name, s);
    }
    return s;
  }
}
