import {
  boostToLab,
  invariantMass,
  LAMBDA_MASS,
  openingAngle,
  PION_MASS,
  PROTON_MASS,
  twoBodyMomentum,
} from '@flowda/toy';
import { describe, expect, it } from 'vitest';

describe('kinematics', () => {
  it('gives the Λ → pπ⁻ decay momentum of 100.6 MeV and back-to-back daughters of mass m_Λ', () => {
    const q = twoBodyMomentum(LAMBDA_MASS, PROTON_MASS, PION_MASS);
    expect(q).toBeCloseTo(0.1006, 4);
    const restEnergy = Math.sqrt(q * q + PROTON_MASS ** 2) + Math.sqrt(q * q + PION_MASS ** 2);
    expect(restEnergy).toBeCloseTo(LAMBDA_MASS, 12);
    expect(invariantMass(0, 0, q, PROTON_MASS, 0, 0, -q, PION_MASS)).toBeCloseTo(LAMBDA_MASS, 12);
  });

  it('boosts a particle at rest to the parent velocity: p = m·βγ along n̂', () => {
    const out = new Float64Array(3);
    const momentum = 2;
    const direction = [0.6, 0, 0.8];
    boostToLab(
      PROTON_MASS,
      0,
      0,
      0,
      momentum,
      LAMBDA_MASS,
      ...(direction as [number, number, number]),
      out,
      0,
    );
    const expected = (PROTON_MASS * momentum) / LAMBDA_MASS;
    expect(out[0]).toBeCloseTo(expected * 0.6, 12);
    expect(out[1]).toBeCloseTo(0, 12);
    expect(out[2]).toBeCloseTo(expected * 0.8, 12);
  });

  it('keeps the pair mass invariant under a boost', () => {
    const q = twoBodyMomentum(LAMBDA_MASS, PROTON_MASS, PION_MASS);
    const p = new Float64Array(3);
    const pi = new Float64Array(3);
    const [x, y, z] = [q * 0.36, q * 0.48, q * 0.8];
    const n = [0, Math.sin(0.3), Math.cos(0.3)] as const;
    boostToLab(Math.sqrt(q * q + PROTON_MASS ** 2), x, y, z, 4, LAMBDA_MASS, ...n, p, 0);
    boostToLab(Math.sqrt(q * q + PION_MASS ** 2), -x, -y, -z, 4, LAMBDA_MASS, ...n, pi, 0);
    expect(
      invariantMass(p[0], p[1], p[2], PROTON_MASS, pi[0], pi[1], pi[2], PION_MASS),
    ).toBeCloseTo(LAMBDA_MASS, 11);
  });

  it('measures opening angles, small and large', () => {
    expect(openingAngle(1, 0, 0, 0, 1, 0)).toBeCloseTo(Math.PI / 2, 14);
    expect(openingAngle(1, 0, 0, Math.cos(1e-6), Math.sin(1e-6), 0)).toBeCloseTo(1e-6, 18);
  });
});
