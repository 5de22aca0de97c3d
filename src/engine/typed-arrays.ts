/** Growing struct-of-arrays storage: a copy of a typed array with a larger length. */
type Growable = Float64Array | Int32Array | Uint8Array;

/** A new array of `length` elements holding `a`'s values first (zeros after); `undefined` gives a zeroed one. */
export function grown<T extends Growable>(a: T | undefined, length: number, make: new (n: number) => T): T {
  const b = new make(length);
  if (a) b.set(a);
  return b;
}
