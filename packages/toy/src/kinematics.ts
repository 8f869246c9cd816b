/**
 * Relativistic kinematics of the toy: two-body decay, Lorentz boost and invariant mass.
 *
 * Momenta are 3-vectors (px, py, pz) in GeV with z along the beam; energies follow from the
 * masses, E = √(|p|² + m²).
 */

/**
 * Momentum of either daughter in the rest frame of a parent of mass M decaying to masses m₁, m₂:
 * p* = √((M² − (m₁ + m₂)²)(M² − (m₁ − m₂)²)) / (2M).
 */
export function twoBodyMomentum(parentMass: number, mass1: number, mass2: number): number {
  const sum = mass1 + mass2;
  const difference = mass1 - mass2;
  const m2 = parentMass * parentMass;
  return Math.sqrt((m2 - sum * sum) * (m2 - difference * difference)) / (2 * parentMass);
}

/**
 * Boosts a 4-vector (E*, p*) from the parent's rest frame to the lab, where the parent moves with
 * momentum P along the unit vector n̂ and has mass M: with γ = E_P / M and βγ = |P| / M,
 * p = p* + [(γ − 1)(p*·n̂) + βγ E*] n̂. Writes p into `out` at `offset`.
 */
export function boostToLab(
  restEnergy: number,
  restX: number,
  restY: number,
  restZ: number,
  parentMomentum: number,
  parentMass: number,
  directionX: number,
  directionY: number,
  directionZ: number,
  out: Float64Array,
  offset: number,
): void {
  const gamma = Math.sqrt(parentMomentum * parentMomentum + parentMass * parentMass) / parentMass;
  const betaGamma = parentMomentum / parentMass;
  const along = restX * directionX + restY * directionY + restZ * directionZ;
  const factor = (gamma - 1) * along + betaGamma * restEnergy;
  out[offset] = restX + factor * directionX;
  out[offset + 1] = restY + factor * directionY;
  out[offset + 2] = restZ + factor * directionZ;
}

/**
 * Invariant mass of two particles from their 3-momenta and masses,
 * M² = m₁² + m₂² + 2(E₁E₂ − p₁·p₂), written in this form because it loses no precision near
 * threshold.
 */
export function invariantMass(
  px1: number,
  py1: number,
  pz1: number,
  mass1: number,
  px2: number,
  py2: number,
  pz2: number,
  mass2: number,
): number {
  const energy1 = Math.sqrt(px1 * px1 + py1 * py1 + pz1 * pz1 + mass1 * mass1);
  const energy2 = Math.sqrt(px2 * px2 + py2 * py2 + pz2 * pz2 + mass2 * mass2);
  const dot = px1 * px2 + py1 * py2 + pz1 * pz2;
  return Math.sqrt(mass1 * mass1 + mass2 * mass2 + 2 * (energy1 * energy2 - dot));
}

/**
 * Angle between two 3-vectors, atan2(|a × b|, a·b), accurate for small and large angles alike.
 */
export function openingAngle(
  ax: number,
  ay: number,
  az: number,
  bx: number,
  by: number,
  bz: number,
): number {
  const cx = ay * bz - az * by;
  const cy = az * bx - ax * bz;
  const cz = ax * by - ay * bx;
  return Math.atan2(Math.sqrt(cx * cx + cy * cy + cz * cz), ax * bx + ay * by + az * bz);
}
