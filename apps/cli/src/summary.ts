/** The short summary printed after `adapt` and `demo`. */
import type { AdaptResult } from '@flowda/adapt';

const f = (value: number | null | undefined, digits = 3) =>
  value === null || value === undefined ? '-' : value.toFixed(digits);

export function printSummary(result: AdaptResult): void {
  const m = result.metrics;
  const worst = (moments: typeof m.dataFlow.latentMoments) =>
    moments.reduce((w, x) => Math.max(w, Math.abs(x.mean), Math.abs(x.std - 1)), 0);
  const lines = [
    `features (${m.features.length}): ${m.features.join(', ')}`,
    `data-flow: test NLL ${f(m.dataFlow.testNll)} nats/event, best epoch ${m.dataFlow.bestEpoch}/${m.dataFlow.epochsRun}, ${f(m.dataFlow.eventsPerSecond, 0)} events/s; latent worst |mean|,|std−1| ${f(worst(m.dataFlow.latentMoments))}`,
    `sim-flow:  test NLL ${f(m.simulationFlow.testNll)} nats/event, best epoch ${m.simulationFlow.bestEpoch}/${m.simulationFlow.epochsRun}, ${f(m.simulationFlow.eventsPerSecond, 0)} events/s; latent worst |mean|,|std−1| ${f(worst(m.simulationFlow.latentMoments))}`,
    `classifier AUC on simulation: ${f(m.classifier.simulationTestAuc)}`,
    `KS(classifier output, data vs simulation): raw ${f(m.classifierOutputKs.rawData)} → transformed ${f(m.classifierOutputKs.transformedData)}`,
  ];
  if (m.dataTruth)
    lines.push(
      `AUC on data (truth): raw ${f(m.dataTruth.rawAuc)} → transformed ${f(m.dataTruth.transformedAuc)}`,
    );
  process.stdout.write(`${lines.join('\n')}\n`);
}
