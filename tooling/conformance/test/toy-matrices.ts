/** The Λ toy as float32 feature matrices plus labels, for tests that need realistic inputs. */
import { generateLambdaToy, TOY_FEATURES } from '@flowda/toy';

export function toyDomain(domain: 'simulation' | 'data', events: number, seed: number) {
  const sample = generateLambdaToy({ domain, events, seed });
  const width = sample.columns.length;
  const featureIndex = TOY_FEATURES.map((f) => sample.columns.indexOf(f));
  const labelIndex = sample.columns.indexOf('label');
  const features = new Float32Array(sample.rows * featureIndex.length);
  const labels = new Float32Array(sample.rows);
  for (let r = 0; r < sample.rows; r++) {
    featureIndex.forEach((c, k) => {
      features[r * featureIndex.length + k] = sample.data[r * width + c];
    });
    labels[r] = sample.data[r * width + labelIndex];
  }
  return { features: { rows: sample.rows, cols: featureIndex.length, data: features }, labels };
}
