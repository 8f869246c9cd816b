/**
 * Training a flow as a density p(x) or p(x | c) by maximum likelihood, and mapping values from
 * one flow to another through their shared standard-normal latent:
 *
 *   x_to = g⁻¹(f(x_from; c); c)
 *
 * with f the flow trained on the source sample and g the one trained on the target sample. For
 * unconditional flows this is the chain of the study; with a context it maps only the modelled
 * variable and keeps the conditioning ones.
 */

import { type TrainingHistory, type TrainingOptions, train } from '@flowda/adapt';
import type { Flow } from '@flowda/core';
import type { Matrix } from '@flowda/io';
import { negativeLogLikelihood } from '@flowda/losses';
import * as tf from '@tensorflow/tfjs-core';

/** Standardised values of a split and, for a conditional flow, their context. */
export interface DensitySplit {
  values: Matrix;
  context?: Matrix;
}

/**
 * Trains `flow` on the training split, stopping on the validation loss (mean negative
 * log-likelihood, nats/event) and keeping the best epoch.
 */
export function trainDensityFlow(
  flow: Flow,
  splits: { train: DensitySplit; validation: DensitySplit; test?: DensitySplit },
  options: TrainingOptions,
): TrainingHistory {
  const conditional = flow.contextDimension > 0;
  const split = (s: DensitySplit, name: string) => {
    if (conditional && !s.context) {
      throw new RangeError(`the ${name} split needs a context: the flow is conditional`);
    }
    return { inputs: s.values, targets: conditional ? s.context : undefined };
  };
  return train(
    (x, context) => negativeLogLikelihood(flow, x, conditional ? context : undefined),
    flow.trainableVariables(),
    {
      train: split(splits.train, 'training'),
      validation: split(splits.validation, 'validation'),
      test: splits.test ? split(splits.test, 'test') : undefined,
    },
    options,
  );
}

/**
 * g⁻¹(f(x; c); c) row by row in chunks; `context` is needed when the flows are conditional.
 *
 * @throws RangeError when the flows' dimensions differ or the shapes do not match
 */
export function mapThroughLatent(
  from: Flow,
  to: Flow,
  values: Matrix,
  context?: Matrix,
  chunk = 4096,
): Matrix {
  if (from.dimension !== to.dimension || from.contextDimension !== to.contextDimension) {
    throw new RangeError(
      `the flows differ: dimension ${from.dimension} vs ${to.dimension}, context ` +
        `${from.contextDimension} vs ${to.contextDimension}`,
    );
  }
  if (values.cols !== from.dimension) {
    throw new RangeError(`values has ${values.cols} columns, the flows model ${from.dimension}`);
  }
  if (from.contextDimension > 0) {
    if (!context || context.cols !== from.contextDimension || context.rows !== values.rows) {
      throw new RangeError(
        `context must be ${values.rows} × ${from.contextDimension}, received ` +
          (context ? `${context.rows} × ${context.cols}` : 'none'),
      );
    }
  }
  const out = new Float32Array(values.rows * values.cols);
  for (let start = 0; start < values.rows; start += chunk) {
    const end = Math.min(values.rows, start + chunk);
    const mapped = tf.tidy(() => {
      const x = rowsTensor(values, start, end);
      const c = from.contextDimension > 0 ? rowsTensor(context as Matrix, start, end) : undefined;
      return to.inverse(from.forward(x, c), c).dataSync();
    });
    out.set(mapped, start * values.cols);
  }
  return { rows: values.rows, cols: values.cols, data: out };
}

function rowsTensor(matrix: Matrix, start: number, end: number): tf.Tensor2D {
  const slice = matrix.data.subarray(start * matrix.cols, end * matrix.cols);
  return tf.tensor2d(slice instanceof Float32Array ? slice : Float32Array.from(slice), [
    end - start,
    matrix.cols,
  ]);
}
