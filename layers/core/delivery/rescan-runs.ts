import type { ConfigReader } from '#core/config-port';
import { readParameter } from '#core/parameters';
import type { ChannelLanes, Lane, Log, RequestProcessingStore, SendRecordStore } from './ports.ts';
import type { QueuePublisher } from '#core/queue-port';
import { rescanRequests, rescanSendRecords, type RescanReport } from './rescan.ts';
import { requestDueAt, sendRecordDueAt, sweepInFlight, type InFlightSource, type SweepReport, type SweptRequest, type SweptSendRecord } from './sweep.ts';

// One scheduled run of each rescan (seed step 16): the in-flight sweep, then the pending index, both
// with the stuck age the operators configured (parameter RESCAN_STUCK_MINUTES), read once per run.

interface RunDeps<T extends SweptRequest | SweptSendRecord> {
  config: ConfigReader;
  inFlight: InFlightSource<T>;
  queue: QueuePublisher;
  log: Log;
}

const stuckMsOf = async (config: ConfigReader): Promise<number> => (await readParameter(config, 'RESCAN_STUCK_MINUTES')) * 60_000;

export const runRequestRescan = async (deps: RunDeps<SweptRequest> & { requests: RequestProcessingStore; lanes: Lane }, now: Date): Promise<RescanReport & { sweep: SweepReport }> => {
  const stuckMs = await stuckMsOf(deps.config);
  const sweep = await sweepInFlight({ source: deps.inFlight, log: deps.log }, (item, at) => requestDueAt(item, at, stuckMs), now);
  return { sweep, ...(await rescanRequests({ requests: deps.requests, queue: deps.queue, lanes: deps.lanes, log: deps.log, stuckMs }, now)) };
};

export const runSendRecordRescan = async (deps: RunDeps<SweptSendRecord> & { sendRecords: SendRecordStore; lanes: ChannelLanes }, now: Date): Promise<RescanReport & { sweep: SweepReport }> => {
  const stuckMs = await stuckMsOf(deps.config);
  const sweep = await sweepInFlight({ source: deps.inFlight, log: deps.log }, (item, at) => sendRecordDueAt(item, at, stuckMs), now);
  return { sweep, ...(await rescanSendRecords({ sendRecords: deps.sendRecords, queue: deps.queue, lanes: deps.lanes, log: deps.log, stuckMs }, now)) };
};
