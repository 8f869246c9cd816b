/**
 * The data → simulation map: x_sim = σ_sim ⊙ g⁻¹(f((x − μ_data)/σ_data)) + μ_sim, with f the
 * data-flow, g the sim-flow and (μ, σ) each flow's training standardisation. Both flows have
 * standard normal bases, so the latent of f is already in g's base coordinates.
 */
import type { Flow } from '@flowda/core';
import { FlowdaError } from '@flowda/core';
import type { Matrix, Standardizer } from '@flowda/io';
import { mapRows } from '../training/tensors.js';

export class DomainChain {
  constructor(
    readonly dataFlow: Flow,
    readonly simulationFlow: Flow,
    readonly dataStandardizer: Standardizer,
    readonly simulationStandardizer: Standardizer,
  ) {
    if (dataFlow.dimension !== simulationFlow.dimension) {
      throw new FlowdaError(`data-flow dimension ${dataFlow.dimension} differs from sim-flow dimension ${simulationFlow.dimension}`);
    }
  }

  /** Raw data features in, simulation-like raw features out (float32). */
  transform(raw: Matrix): Matrix {
    const standardized = this.dataStandardizer.transform(raw);
    const mapped = mapRows(standardized, this.dataFlow.dimension, (batch) => this.simulationFlow.inverse(this.dataFlow.forward(batch)));
    return this.simulationStandardizer.inverse(mapped);
  }
}
