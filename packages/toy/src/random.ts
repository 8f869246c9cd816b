/**
 * A small seeded pseudo-random generator for the toy.
 *
 * The 32-bit state update is sfc32 (Chris Doty-Humphrey's "small fast counter", which passes
 * PractRand to terabytes), seeded through splitmix32 so that nearby seeds give unrelated streams.
 * Uniform doubles take 53 bits from two outputs; normal deviates come from the Box–Muller
 * transform, z₀ = √(−2 ln u₁) cos(2π u₂), z₁ = √(−2 ln u₁) sin(2π u₂), with z₁ kept for the next
 * call.
 */

const TWO_POW_26 = 67_108_864;
const TWO_POW_53 = 9_007_199_254_740_992;

function splitmix32(state: number): [number, number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return [next, (z ^ (z >>> 16)) >>> 0];
}

/** A deterministic stream of uniform, normal and exponential deviates. */
export class SeededRandom {
  private a: number;
  private b: number;
  private c: number;
  private counter: number;
  private spareNormal = 0;
  private hasSpareNormal = false;

  /**
   * @param seed any safe integer; the same seed always gives the same stream.
   */
  constructor(seed: number) {
    if (!Number.isSafeInteger(seed)) {
      throw new RangeError(`seed must be a safe integer, received ${seed}`);
    }

    // Why: fold both 32-bit halves of the seed into the splitmix state so that seeds above 2³²
    // still give distinct streams.
    let state = (seed | 0) ^ Math.imul(Math.floor(seed / 4_294_967_296) | 0, 0x27d4eb2d);
    const words: number[] = [];
    for (let i = 0; i < 4; i++) {
      const [next, output] = splitmix32(state);
      state = next;
      words.push(output);
    }
    this.a = words[0] | 0;
    this.b = words[1] | 0;
    this.c = words[2] | 0;
    this.counter = words[3] | 0;

    // Why: the first outputs of sfc32 are still correlated with the seed; discard a few.
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** The next 32-bit output, as an unsigned integer in [0, 2³²). */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.counter) | 0;
    this.counter = (this.counter + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A uniform deviate in [0, 1) with 53 random bits. */
  uniform(): number {
    const high = this.nextUint32() >>> 5;
    const low = this.nextUint32() >>> 6;
    return (high * TWO_POW_26 + low) / TWO_POW_53;
  }

  /** A uniform deviate in (0, 1), safe to pass to a logarithm. */
  uniformOpen(): number {
    let u = this.uniform();
    while (u === 0) u = this.uniform();
    return u;
  }

  /** A uniform deviate in [low, high). */
  uniformBetween(low: number, high: number): number {
    return low + (high - low) * this.uniform();
  }

  /** A standard normal deviate (mean 0, standard deviation 1), by Box–Muller. */
  normal(): number {
    if (this.hasSpareNormal) {
      this.hasSpareNormal = false;
      return this.spareNormal;
    }
    const radius = Math.sqrt(-2 * Math.log(this.uniformOpen()));
    const angle = 2 * Math.PI * this.uniform();
    this.spareNormal = radius * Math.sin(angle);
    this.hasSpareNormal = true;
    return radius * Math.cos(angle);
  }

  /** An exponential deviate with the given mean, −mean·ln u. */
  exponential(mean: number): number {
    return -mean * Math.log(this.uniformOpen());
  }

  /**
   * A deviate of the exponential density exp(−x / slope) truncated to [low, high], drawn by
   * inverting its cumulative distribution.
   */
  truncatedExponential(low: number, high: number, slope: number): number {
    const span = 1 - Math.exp(-(high - low) / slope);
    return low - slope * Math.log(1 - span * this.uniform());
  }
}
