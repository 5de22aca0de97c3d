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

/**
 * Alea (Baagøe), exactly as seedrandom's `alea` computes it, with the generator's state in fields
 * of this object: a draw is one method call instead of seedrandom's three closure layers (this
 * runs several times per simulated request). The state is seeded by seedrandom itself (its Mash
 * of the seed string), so the numbers are seedrandom's, bit for bit (test/engine/random.test.ts).
 */
class AleaRng implements Rng {
  /**
   * s0, s1, s2 and c in a typed array: as class fields (initialised to `undefined` by the
   * compiled class) every double stored would be boxed in a new heap number.
   */
  private readonly st = new Float64Array(4);
  constructor(seed: string) {
    const state = seedrandom.alea(seed, { state: true }).state() as unknown as { s0: number; s1: number; s2: number; c: number };
    this.st[0] = state.s0;
    this.st[1] = state.s1;
    this.st[2] = state.s2;
    this.st[3] = state.c;
  }
  next(): number {
    // seedrandom lib/alea.js Alea.next: t = 2091639 s0 + c 2^-32; shift; s2 = t - (c = t | 0).
    const st = this.st;
    const t = 2091639 * st[0] + st[3] * 2.3283064365386963e-10;
    const c = t | 0;
    st[0] = st[1];
    st[1] = st[2];
    st[3] = c;
    return (st[2] = t - c);
  }
  nextUint32(): number {
    // seedrandom lib/alea.js prng.int32 = (next() * 2^32) | 0, as an unsigned integer.
    return ((this.next() * 0x100000000) | 0) >>> 0;
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
