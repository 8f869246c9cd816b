/**
 * Entry of a worker thread of parallel flow training, built as `dist/parallel-worker.js`: starts
 * the caller's tfjs backend, rebuilds the flow from its manifest and weights, then takes part in
 * every command until the calling thread stops the team or a thread fails.
 */
import { workerData } from 'node:worker_threads';
import { deserializeFlow, type Flow, FlowdaError, selectBackend } from '@flowda/core';
import { ParameterLayout } from './parameter-layout.js';
import { Participant } from './participant.js';
import { COMMANDS, SharedControl } from './shared-control.js';
import { type ParticipantData, PROTOCOL_VERSION } from './team-buffers.js';

/** Thrown out of a barrier when the team stops or another thread failed: end quietly. */
class TeamHalted extends Error {}

async function work(data: ParticipantData): Promise<void> {
  const { buffers, index } = data;
  const control = new SharedControl(buffers.control, buffers.message, data.parties, () => {
    throw new TeamHalted();
  });
  let flow: Flow | undefined;
  try {
    if (data.protocol !== PROTOCOL_VERSION) {
      throw new FlowdaError(
        `worker protocol ${PROTOCOL_VERSION} differs from the caller's ${data.protocol}; rebuild @flowda/adapt`,
      );
    }
    await selectBackend(data.backend);
    flow = deserializeFlow(data.flow, `parallel training worker ${index}`);
    const layout = ParameterLayout.of(flow, data.trainableNames);
    if (layout.size !== buffers.weights.length) {
      throw new FlowdaError(
        `the rebuilt flow has ${layout.size} trainable values, the caller's ${buffers.weights.length}`,
      );
    }
    const participant = new Participant(flow, layout, index, buffers, control, data.settings);
    // Ready: the calling thread starts its clock once every worker has arrived here.
    control.arrive();
    for (;;) {
      control.arrive();
      const command = control.command;
      if (command === COMMANDS.step) participant.step();
      else if (command === COMMANDS.evaluateValidation) participant.evaluateValidation();
      else throw new FlowdaError(`unknown command ${command} from the calling thread`);
    }
  } catch (error) {
    if (!(error instanceof TeamHalted)) {
      const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
      control.fail(index, text);
    }
  } finally {
    flow?.dispose();
  }
}

await work(workerData as ParticipantData);
