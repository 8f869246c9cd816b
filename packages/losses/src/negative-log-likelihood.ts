/**
 * Forward KL divergence, estimated on samples of the target: the negative log-likelihood
 *   NLL = −(1/N)·Σₙ log p(xₙ | cₙ)
 * in nats per event. Up to the target's (unknown) entropy this is KL(p_target ‖ p_flow).
 */

import type { Flow } from '@flowda/core';
import type * as tf from '@tensorflow/tfjs-core';
import { mean, neg, tidy } from '@tensorflow/tfjs-core';

export function negativeLogLikelihood(
  flow: Flow,
  x: tf.Tensor2D,
  context?: tf.Tensor2D,
): tf.Scalar {
  return tidy(() => neg(mean(flow.logProb(x, context))) as tf.Scalar);
}
