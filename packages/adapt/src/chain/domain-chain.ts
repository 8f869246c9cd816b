/**
 * The data → simulation map
 *   x_sim = σ_sim ⊙ g⁻¹(T_sim⁻¹(T_data(f((x − μ_data)/σ_data)))) + μ_sim,
 * with f the data-flow, g the sim-flow, (μ, σ) each flow's training standardisation and T a
 * flow's base map to standard normal coordinates (`toStandard`/`fromStandard`). The flows meet
 * in N(0, I): f's latent is moved from its base to N(0, I) and from there into g's base. For
 * standard normal bases both maps are the identity and the chain is g⁻¹∘f.
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
      throw new FlowdaError(
        `data-flow dimension ${dataFlow.dimension} differs from sim-flow dimension ${simulationFlow.dimension}`,
      );
    }
  }

  /** Raw data features in, simulation-like raw features out (float32). */
  transform(raw: Matrix): Matrix {
    const standardized = this.dataStandardizer.transform(raw);
    const dataBase = this.dataFlow.baseDistribution;
    const simulationBase = this.simulationFlow.baseDistribution;
    const mapped = mapRows(standardized, this.dataFlow.dimension, (batch) => {
      const standard = dataBase.toStandard(this.dataFlow.forward(batch));
      return this.simulationFlow.inverse(simulationBase.fromStandard(standard));
    });
    return this.simulationStandardizer.inverse(mapped);
  }
}
