/**
 * Activation normalisation: a per-feature affine map with a location b and a log-scale s,
 * both trainable, in the data → latent direction
 *   forward:  zᵢ = (xᵢ − bᵢ)·exp(−sᵢ),   log|det ∂z/∂x| = −Σᵢ sᵢ
 *   inverse:  xᵢ = zᵢ·exp(sᵢ) + bᵢ,      log|det ∂x/∂z| = +Σᵢ sᵢ
 *
 * Data-dependent initialisation: the first `forwardAndLogDet` call sets b to the batch mean
 * and exp(s) to the batch standard deviation (population, floored at 10⁻⁶), so that first
 * batch comes out standardised; in training that is the first training batch. The statistics
 * are read out of the batch and assigned as constants, so the initialisation is invisible to a
 * gradient tape running around the call. Call {@link ActNorm.initialize} to choose the batch
 * yourself, or pass `dataDependentInitialization: false` to start at the identity, initialised.
 * If the first call runs the inverse (sampling, reverse-KL training), the layer keeps
 * its identity start (b = 0, s = 0) and counts as initialised from then on, so that a later
 * forward call cannot overwrite trained values.
 *
 * The state lives in the non-trainable variable `initialized` (0 or 1), which is saved with the
 * flow: a loaded flow does not initialise again.
 *
 * References: Kingma & Dhariwal, "Glow: Generative flow with invertible 1x1 convolutions", 2018,
 * arXiv:1807.03039.
 */
import * as tf from '@tensorflow/tfjs-core';
import { checkArgument, checkInteger, FlowdaError } from '../errors.js';
import type { NamedVariable } from '../nn/mlp.js';
import type { OnnxGraph } from '../onnx/graph.js';
import { registerTransform } from './registry.js';
import type { Direction, Transform, TransformConfig, TransformResult } from './transform.js';
import { checkBatch, repeatLogDet, repeatLogDetOnnx } from './unconditional.js';

export interface ActNormOptions {
  dimension: number;
  /**
   * Initialise from the first forward batch (default `true`); `false` starts initialised at the
   * identity, for a layer whose values come from elsewhere.
   */
  dataDependentInitialization?: boolean;
}

/** Floor of the initial scale, so a constant feature does not give log 0. */
const SMALLEST_INITIAL_SCALE = 1e-6;

export class ActNorm implements Transform {
  readonly type = 'actnorm';
  readonly dimension: number;
  readonly contextDimension = 0;
  /** b, shape [D]. */
  readonly location: tf.Variable<tf.Rank.R1>;
  /** s = log scale, shape [D]. */
  readonly logScale: tf.Variable<tf.Rank.R1>;
  /** 1 once initialised, else 0; not trainable. */
  readonly initialized: tf.Variable<tf.Rank.R0>;
  private knownInitialized = false;

  constructor(options: ActNormOptions) {
    checkArgument(
      typeof options === 'object' && options !== null,
      'ActNorm options',
      options,
      'an object such as { dimension: 4 }',
    );
    const { dimension, dataDependentInitialization = true } = options;
    checkInteger('dimension', dimension);
    checkArgument(
      typeof dataDependentInitialization === 'boolean',
      'dataDependentInitialization',
      dataDependentInitialization,
      'true or false',
    );
    this.dimension = dimension;
    this.location = tf.tidy(() =>
      tf.variable(tf.zeros([this.dimension]), true, undefined, 'float32'),
    );
    this.logScale = tf.tidy(() =>
      tf.variable(tf.zeros([this.dimension]), true, undefined, 'float32'),
    );
    this.initialized = tf.tidy(() =>
      tf.variable(tf.scalar(dataDependentInitialization ? 0 : 1), false, undefined, 'float32'),
    );
  }

  /** Whether b and s are settled (by a batch, by an inverse call or by loading). */
  get isInitialized(): boolean {
    // Why cache only `true`: loading weights may turn the flag on, never off in practice.
    if (!this.knownInitialized && this.initialized.dataSync()[0] !== 0) {
      this.knownInitialized = true;
    }
    return this.knownInitialized;
  }

  /**
   * Sets b and s from `batch` (at least 2 rows, finite) so that it comes out standardised,
   * and marks the layer initialised. Safe inside `tf.tidy` and gradient tapes.
   */
  initialize(batch: tf.Tensor2D): void {
    checkBatch(batch, this.dimension, 'initialisation batch');
    const rows = batch.shape[0];
    checkArgument(rows >= 2, 'rows of the initialisation batch', rows, 'at least 2');
    const values = batch.dataSync();
    const d = this.dimension;
    const mean = new Float64Array(d);
    const logScale = new Float64Array(d);
    for (let i = 0; i < d; i++) {
      let sum = 0;
      for (let r = 0; r < rows; r++) sum += values[r * d + i];
      mean[i] = sum / rows;
      let squares = 0;
      for (let r = 0; r < rows; r++) squares += (values[r * d + i] - mean[i]) ** 2;
      const std = Math.sqrt(squares / rows);
      if (!Number.isFinite(std)) {
        throw new FlowdaError(
          `ActNorm initialisation batch has non-finite values in feature ${i}; ` +
            'clean the data or call initialize() with a finite batch',
        );
      }
      logScale[i] = Math.log(Math.max(std, SMALLEST_INITIAL_SCALE));
    }
    tf.tidy(() => {
      this.location.assign(tf.tensor1d(Float32Array.from(mean)));
      this.logScale.assign(tf.tensor1d(Float32Array.from(logScale)));
      this.initialized.assign(tf.scalar(1));
    });
    this.knownInitialized = true;
  }

  /** The first call initialises from `x`; context, if any, is ignored. */
  forwardAndLogDet(x: tf.Tensor2D, _context?: tf.Tensor2D): TransformResult {
    checkBatch(x, this.dimension);
    if (!this.isInitialized) this.initialize(x);
    return tf.tidy(() => ({
      output: tf.mul(tf.sub(x, this.location), tf.exp(tf.neg(this.logScale))) as tf.Tensor2D,
      logDet: repeatLogDet(x, tf.neg(tf.sum(this.logScale))),
    }));
  }

  inverseAndLogDet(y: tf.Tensor2D, _context?: tf.Tensor2D): TransformResult {
    checkBatch(y, this.dimension);
    if (!this.isInitialized) this.markInitialized();
    return tf.tidy(() => ({
      output: tf.add(tf.mul(y, tf.exp(this.logScale)), this.location) as tf.Tensor2D,
      logDet: repeatLogDet(y, tf.sum(this.logScale)),
    }));
  }

  toOnnx(
    graph: OnnxGraph,
    input: string,
    direction: Direction,
    _context?: string,
  ): TransformResult<string> {
    const location = Array.from(this.location.dataSync());
    const logScale = Array.from(this.logScale.dataSync());
    const logScaleSum = logScale.reduce((a, b) => a + b, 0);
    const locationName = graph.constant('location', location);
    if (direction === 'forward') {
      const inverseScale = graph.constant(
        'inverse_scale',
        logScale.map((s) => Math.exp(-s)),
      );
      const output = graph.op('Mul', [graph.op('Sub', [input, locationName]), inverseScale]);
      return { output, logDet: repeatLogDetOnnx(graph, input, -logScaleSum) };
    }
    const scale = graph.constant(
      'scale',
      logScale.map((s) => Math.exp(s)),
    );
    const output = graph.op('Add', [graph.op('Mul', [input, scale]), locationName]);
    return { output, logDet: repeatLogDetOnnx(graph, input, logScaleSum) };
  }

  variables(): NamedVariable[] {
    return [
      { name: 'location', variable: this.location },
      { name: 'logScale', variable: this.logScale },
      { name: 'initialized', variable: this.initialized },
    ];
  }

  toConfig(): TransformConfig {
    return { type: this.type, dimension: this.dimension };
  }

  dispose(): void {
    this.location.dispose();
    this.logScale.dispose();
    this.initialized.dispose();
  }

  private markInitialized(): void {
    tf.tidy(() => this.initialized.assign(tf.scalar(1)));
    this.knownInitialized = true;
  }
}

registerTransform('actnorm', (config) => new ActNorm(config as unknown as ActNormOptions));
