/**
 * The CLI's training progress display: a bar with ETA on a terminal, one line per epoch
 * otherwise (CI logs, pipes).
 */
import type { AdaptProgress, AdaptStage } from '@flowda/adapt';

const BAR_WIDTH = 24;

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

export class ProgressDisplay {
  private readonly interactive: boolean;
  private stage: AdaptStage | null = null;
  private stageStarted = 0;
  private lastDraw = 0;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {
    this.interactive = Boolean(stream.isTTY) && process.env.CI === undefined;
  }

  startStage(stage: AdaptStage, events: number): void {
    this.finishLine();
    this.stage = stage;
    this.stageStarted = performance.now();
    this.stream.write(`training ${stage} on ${events} events\n`);
  }

  update(progress: AdaptProgress): void {
    const elapsed = (performance.now() - this.stageStarted) / 1000;
    if (progress.phase === 'epoch') {
      if (this.interactive) this.stream.write('\r\x1b[2K');
      const validation = progress.validationLoss?.toFixed(4) ?? '-';
      this.stream.write(
        `  ${progress.stage} epoch ${progress.epoch}/${progress.epochs}  train ${progress.loss.toFixed(4)}  validation ${validation}  (${formatDuration(elapsed)})\n`,
      );
      return;
    }
    if (!this.interactive) return;
    const now = performance.now();
    if (now - this.lastDraw < 100 && progress.batch !== progress.batches) return;
    this.lastDraw = now;
    const done = (progress.epoch - 1) * progress.batches + progress.batch;
    const total = progress.epochs * progress.batches;
    const epochFraction = progress.batch / progress.batches;
    const filled = Math.round(epochFraction * BAR_WIDTH);
    const eta = (elapsed / done) * (total - done);
    this.stream.write(
      `\r\x1b[2K  ${progress.stage} epoch ${progress.epoch}/${progress.epochs} [${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${progress.batch}/${progress.batches} loss ${progress.loss.toFixed(3)} ETA ≤ ${formatDuration(eta)}`,
    );
  }

  finishLine(): void {
    if (this.interactive) this.stream.write('\r\x1b[2K');
  }
}
