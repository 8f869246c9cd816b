/**
 * The trainable variables of a flow laid end to end in one flat float32 vector, in the order of
 * `flow.variables()`: where gradients are summed and Adam updates the weights.
 */
import * as tf from '@tensorflow/tfjs-core';
import { type Flow, FlowdaError } from '@flowda/core';

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
    for (const { variable, offset } of this.slots) {
      target.set(variable.dataSync() as Float32Array, offset);
    }
  }

  /** Copies gradients keyed by variable name into `target`; a missing gradient counts as zero. */
  writeGradients(gradients: tf.NamedTensorMap, target: Float32Array): void {
    for (const { variable, offset } of this.slots) {
      const gradient = gradients[variable.name];
      if (gradient) target.set(gradient.dataSync() as Float32Array, offset);
      else target.fill(0, offset, offset + variable.size);
    }
  }

  /** Sets every variable from `source`. */
  assign(source: Float32Array): void {
    tf.tidy(() => {
      for (const { variable, offset } of this.slots) {
        // Why a copy: a backend may keep the array it is given, and `source` changes each step.
        const values = source.slice(offset, offset + variable.size);
        variable.assign(tf.tensor(values, variable.shape, 'float32'));
      }
    });
  }
}
