/**
 * One thread's part in synchronous data-parallel training of a flow.
 *
 * A step over a batch of B rows, for thread k of N:
 *   1. gₖ = ∇ Σ_{rows of share k} −log p(x)   (its share of the batch, written to region k)
 *   2. barrier; the batch's loss is (Σₖ lossₖ) / B, summed in thread order by every thread
 *   3. ḡ = (Σₖ gₖ) / B on parameter range k only (reduce-scatter), rescaled when its global
 *      norm exceeds `clipGradientNorm` (one more barrier to add the squared norms)
 *   4. Adam on parameter range k, written to the shared weights; without clipping and with at
 *      most two threads, steps 3 and 4 are one pass over memory
 *   5. barrier; every thread loads all the weights into its variables
 * Every thread ends the step with the same weights, byte for byte, because they are copied from
 * one buffer; the result equals one step of Adam on the mean loss of the batch up to rounding.
 * A non-finite loss is seen by every thread at step 2 and nothing is applied.
 */

import type { Flow } from '@flowda/core';
import * as tf from '@tensorflow/tfjs-core';
import { gatherRows, sliceRows, toTensor } from '../training/tensors.js';
import type { Split } from '../training/train.js';
import { FlatAdam } from './flat-adam.js';
import type { ParameterLayout } from './parameter-layout.js';
import type { SharedControl } from './shared-control.js';
import { type StepSettings, shareOf, type TeamBuffers } from './team-buffers.js';

export class Participant {
  private readonly parameters: number;
  private readonly optimizer: FlatAdam;
  /** Region `index` of the shared gradients, indexed like the whole parameter vector. */
  private readonly region: Float32Array;
  /** Every thread's region, in thread order. */
  private readonly regions: Float32Array[];

  constructor(
    private readonly flow: Flow,
    private readonly layout: ParameterLayout,
    private readonly index: number,
    private readonly buffers: TeamBuffers,
    private readonly control: SharedControl,
    private readonly settings: StepSettings,
  ) {
    const parties = control.parties;
    this.parameters = layout.size;
    const [from, to] = shareOf(layout.size, index, parties);
    this.optimizer = new FlatAdam(settings.learningRate, from, to);
    this.regions = Array.from({ length: parties }, (_, k) =>
      buffers.gradients.subarray(k * layout.size, (k + 1) * layout.size),
    );
    this.region = this.regions[index];
  }

  /** Runs this thread's part of a step on the batch in the shared buffers; returns its loss. */
  step(): number {
    const { buffers, control, index } = this;
    const rows = control.batchRows;
    const [from, to] = shareOf(rows, index, control.parties);
    buffers.lossSums[index] = to > from ? this.gradientOfShare(from, to) : 0;
    if (to <= from) this.region.fill(0);
    control.arrive();

    const loss = sumOf(buffers.lossSums) / rows;
    if (!Number.isFinite(loss)) return loss;

    const limit = this.settings.clipGradientNorm;
    if (limit === undefined && control.parties <= 2) {
      // Why no separate reduction: Adam adds the (at most two) partial gradients as it goes.
      this.optimizer.update(buffers.weights, this.regions, 1 / rows);
    } else {
      const squaredNorm = this.reduceOwnRange(rows);
      let scale = 1;
      if (limit !== undefined) {
        buffers.squaredNorms[index] = squaredNorm;
        control.arrive();
        const norm = Math.sqrt(sumOf(buffers.squaredNorms));
        if (norm > limit) scale = limit / norm;
      }
      this.optimizer.update(buffers.weights, [this.region], scale);
    }
    control.arrive();

    this.layout.assign(buffers.weights);
    return loss;
  }

  /**
   * Runs this thread's part of the mean loss over the shared validation split, and publishes the
   * digest of its weights so the calling thread can check that every thread holds the same.
   */
  evaluateValidation(): number {
    const { buffers, control, index } = this;
    const split = buffers.validation;
    const [from, to] = shareOf(split.inputs.rows, index, control.parties);
    buffers.digests[index] = this.layout.digest();
    buffers.lossSums[index] = this.lossSum(split, from, to);
    control.arrive();
    return sumOf(buffers.lossSums) / split.inputs.rows;
  }

  /** Σ of −log p over the batch rows [from, to) of the shared batch; gradient into the region. */
  private gradientOfShare(from: number, to: number): number {
    const { flow, layout, buffers } = this;
    const train = buffers.train;
    return tf.tidy(() => {
      const inputs = toTensor(gatherRows(train.inputs, buffers.batchRows, from, to));
      const context = train.targets
        ? toTensor(gatherRows(train.targets, buffers.batchRows, from, to))
        : undefined;
      const { value, grads } = tf.variableGrads(
        () => tf.neg(tf.sum(flow.logProb(inputs, context))) as tf.Scalar,
        layout.variables,
      );
      layout.writeGradients(grads, this.region);
      return value.dataSync()[0];
    });
  }

  /** Σ of −log p over rows [from, to) of `split`, in chunks, without gradients. */
  private lossSum(split: Split, from: number, to: number): number {
    const chunk = this.settings.evaluationBatchSize;
    let total = 0;
    for (let start = from; start < to; start += chunk) {
      const end = Math.min(to, start + chunk);
      total += tf.tidy(() => {
        const inputs = toTensor(sliceRows(split.inputs, start, end));
        const context = split.targets ? toTensor(sliceRows(split.targets, start, end)) : undefined;
        return tf.neg(tf.sum(this.flow.logProb(inputs, context))).dataSync()[0];
      });
    }
    return total;
  }

  /**
   * ḡ = (Σₖ gₖ) / rows over this thread's parameter range, written into its own region (which no
   * other thread reads); returns Σ ḡ² over the range.
   */
  private reduceOwnRange(rows: number): number {
    const { buffers, parameters, region } = this;
    const { from, to } = this.optimizer;
    const parties = this.control.parties;
    const gradients = buffers.gradients;
    let squaredNorm = 0;
    for (let i = from; i < to; i++) {
      let sum = 0;
      for (let k = 0, at = i; k < parties; k++, at += parameters) sum += gradients[at];
      const mean = sum / rows;
      region[i] = mean;
      squaredNorm += mean * mean;
    }
    return squaredNorm;
  }
}

function sumOf(values: Float64Array): number {
  let total = 0;
  for (let k = 0; k < values.length; k++) total += values[k];
  return total;
}
