/**
 * The error class of `@flowda/runtime`; messages name the model, the input and the value received.
 *
 * The runtime stays free of `@flowda/core` (and so of TensorFlow.js), hence its own class.
 */
export class FlowdaRuntimeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FlowdaRuntimeError';
  }
}
