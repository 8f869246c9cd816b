/**
 * The trainable variables of a flow laid end to end in one flat float32 vector, in the order of
 * `flow.variables()`: where gradients are summed and Adam updates the weights.
 */

import { type Flow, FlowdaError } from '@flowda/core';
import * as tf from '@tensorflow/tfjs-core';
import { readableHeapView, tensorCreationCopies } from './backend-memory.js';

interface Slot {
  name: string;
  variable: tf.Variable;
  offset: number;
}

export class ParameterLayout {
  /** Number of trainable values. */
  readonly size: number;
  /** Variable names in layout order. */
  readonly names: string[];
  private readonly slots: Slot[];

  private constructor(slots: Slot[], size: number) {
    this.slots = slots;
    this.size = size;
    this.names = slots.map((s) => s.name);
  }

  /** The trainable variables of `flow`, or those named `names` (in that order) when given. */
  static of(flow: Flow, names?: readonly string[]): ParameterLayout {
    const named = flow.variables();
    const chosen = names
      ? names.map((name) => {
          const found = named.find((v) => v.name === name);
          if (!found) throw new FlowdaError(`the flow has no variable named "${name}"`);
          return found;
        })
      : named.filter((v) => v.variable.trainable);
    const slots: Slot[] = [];
    let offset = 0;
    for (const { name, variable } of chosen) {
      slots.push({ name, variable, offset });
      offset += variable.size;
    }
    return new ParameterLayout(slots, offset);
  }

  get variables(): tf.Variable[] {
    return this.slots.map((s) => s.variable);
  }

  /** Copies the variables' current values into `target`. */
  readValues(target: Float32Array): void {
    for (const { variable, offset } of this.slots) target.set(valuesOf(variable), offset);
  }

  /** Copies gradients keyed by variable name into `target`; a missing gradient counts as zero. */
  writeGradients(gradients: tf.NamedTensorMap, target: Float32Array): void {
    for (const { variable, offset } of this.slots) {
      const gradient = gradients[variable.name];
      if (gradient) target.set(valuesOf(gradient), offset);
      else target.fill(0, offset, offset + variable.size);
    }
  }

  /**
   * FNV-1a over the bits of every value, as the backend holds them: equal for two threads only if
   * (barring a collision) their variables agree bit for bit.
   */
  digest(): number {
    let hash = 0x811c9dc5 | 0;
    for (const { variable } of this.slots) {
      const values = valuesOf(variable);
      const bits = new Int32Array(values.buffer, values.byteOffset, values.length);
      for (let i = 0; i < bits.length; i++) hash = Math.imul(hash ^ bits[i], 0x01000193);
    }
    return hash;
  }

  /** Sets every variable from `source`. */
  assign(source: Float32Array): void {
    // Why a copy where the backend does not make one: `source` changes every step.
    const copy = !tensorCreationCopies();
    tf.tidy(() => {
      for (const { variable, offset } of this.slots) {
        const values = source.subarray(offset, offset + variable.size);
        variable.assign(tf.tensor(copy ? values.slice() : values, variable.shape, 'float32'));
      }
    });
  }
}

/** The float32 values of `tensor`, read in place where the backend allows it. */
function valuesOf(tensor: tf.Tensor): Float32Array {
  return readableHeapView(tensor) ?? (tensor.dataSync() as Float32Array);
}
