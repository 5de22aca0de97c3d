/** An Istio behaviour version, [major, minor]; patch releases are assumed to be the latest. */
export type IstioVersion = readonly [major: number, minor: number];

/** Whether `v` is `major.minor` or newer. */
export function istioAtLeast(v: IstioVersion, major: number, minor: number): boolean {
  return v[0] > major || (v[0] === major && v[1] >= minor);
}
