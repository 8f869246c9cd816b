/**
 * Reverse KL divergence of the flow q from a target density p that can be evaluated (up to a
 * constant) but not sampled, estimated on samples of the flow itself:
 *   KL(q ‖ p) = E_{x~q}[log q(x) − log p(x)]
 *   with x = f⁻¹(z; c), z ~ p_base, and log q(x) = log p_base(z) − log|det ∂f⁻¹/∂z|, so
 *   estimate = (1/N)·Σₙ [ log p_base(zₙ) − log|det ∂f⁻¹/∂zₙ| − log p(xₙ) ]
 * in nats. For a normalised p this is KL(q ‖ p) ≥ 0; for p known as p̃ = Z·p it is
 * KL(q ‖ p) − log Z, which has the same minimiser.
 *
 * Gradients are reparameterised: the noise z is drawn from the base with a seed and held fixed,
 * and x = f⁻¹(z) is differentiable, so gradients reach every variable of the transform. The base
 * distribution is held fixed: its draws and its log-density enter as constants, so its
 * parameters receive no gradient from this loss (train them by another loss, or freeze them).
 * Draw fresh noise each step by changing `seed`.
 *
 * References: Papamakarios et al., "Normalizing flows for probabilistic modeling and
 * inference", JMLR 22 (2021), §2.3.3, arXiv:1912.02762.
 */

import { checkArgument, checkInteger, type Flow, SeededRandom } from '@flowda/core';
import type * as tf from '@tensorflow/tfjs-core';
import { mean, sub, tensor1d, tensor2d, tidy } from '@tensorflow/tfjs-core';

export interface ReverseKlOptions {
  /** Number of flow samples N in the estimate. */
  samples: number;
  /** Seed of the base draws; change it between steps for fresh noise. */
  seed: number;
  /** For a conditional flow: one context row per sample, shape [samples, C]. */
  context?: tf.Tensor2D;
}

/** log p(x) of the target per event, shape [batch]; may omit a constant. */
export type LogTargetDensity = (x: tf.Tensor2D) => tf.Tensor1D;

export function reverseKl(
  flow: Flow,
  logTargetDensity: LogTargetDensity,
  options: ReverseKlOptions,
): tf.Scalar {
  const { samples, seed, context } = options;
  checkInteger('samples', samples);
  checkArgument(Number.isFinite(seed), 'seed', seed, 'a finite number');
  checkArgument(
    typeof logTargetDensity === 'function',
    'logTargetDensity',
    typeof logTargetDensity,
    'a function from a [batch, D] tensor to a [batch] tensor',
  );
  if (context !== undefined) {
    checkArgument(
      context.shape[0] === samples,
      'context rows',
      context.shape[0],
      `equal to samples (${samples})`,
    );
  }

  return tidy(() => {
    // Why read-backs: they detach the base's draws and density from any gradient tape, so the
    // base's parameters get no gradient (a trainable base would otherwise receive its noisy
    // score, whose expectation is zero).
    const base = flow.baseDistribution;
    const drawn = base.sample(samples, new SeededRandom(seed));
    const noise = tensor2d(drawn.dataSync(), [samples, flow.dimension]);
    const logBase = tensor1d(base.logProb(noise).dataSync());

    const { output, logDet } = flow.inverseAndLogDet(noise, context);
    const logTarget = logTargetDensity(output);
    checkArgument(
      logTarget.rank === 1 && logTarget.shape[0] === samples,
      'logTargetDensity result shape',
      logTarget.shape,
      `[${samples}]`,
    );
    return mean(sub(sub(logBase, logDet), logTarget)) as tf.Scalar;
  });
}
