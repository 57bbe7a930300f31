// Everything the Go client does besides tunnels (§5): remote commands and scripts, file reception,
// update status, monitoring, public IP addresses and client metadata, as one feature set for the
// engine: `createEngine({ features: createRemoteFeatures() })`.
import type { EngineFeatureSet } from '../server-session';
import { createRunCmdHandler, type RunCmdOptions } from './commands/run-cmd-handler';
import { createResultDeliverySessionFeature, ResultDelivery } from './commands/result-delivery';
import { createIpAddressesSessionFeature, type IpAddressesOptions } from './ip-addresses/ip-addresses-feature';
import { createUpdateClientMetadataHandler } from './metadata/update-client-metadata-handler';
import { SystemMonitor, type SystemMonitorOptions } from './monitoring/measurement';
import { createMonitoringSessionFeature, type MonitoringTiming } from './monitoring/monitoring-feature';
import { createUploadHandler, type UploadOptions } from './upload/upload-handler';
import {
  createRefreshUpdatesHandler,
  createUpdatesSessionFeature,
  type UpdatesTiming,
} from './updates/updates-feature';
import { UpdatesService, type UpdatesServiceOptions } from './updates/updates-service';

export interface RemoteFeatureOptions {
  commands?: RunCmdOptions;
  upload?: UploadOptions;
  updates?: UpdatesServiceOptions & UpdatesTiming;
  monitoring?: SystemMonitorOptions & MonitoringTiming;
  ipAddresses?: IpAddressesOptions;
}

export function createRemoteFeatures(options: RemoteFeatureOptions = {}): EngineFeatureSet {
  const updates = new UpdatesService(options.updates);
  const monitor = new SystemMonitor(options.monitoring);
  const results = options.commands?.delivery ?? new ResultDelivery();
  return {
    requestHandlers: {
      run_cmd: createRunCmdHandler({ ...options.commands, delivery: results }),
      upload: createUploadHandler(options.upload),
      refresh_updates_status: createRefreshUpdatesHandler(updates, options.updates),
      update_client_metadata: createUpdateClientMetadataHandler(),
    },
    sessionFeatures: [
      createResultDeliverySessionFeature(results),
      createUpdatesSessionFeature(updates, options.updates),
      createMonitoringSessionFeature(monitor, options.monitoring),
      createIpAddressesSessionFeature(options.ipAddresses),
    ],
    flush: () => results.settled(),
  };
}

export { COMMANDS_BLOCKED_TEXT } from './commands/run-cmd-handler';
export { UPLOADS_BLOCKED_TEXT, UPLOADS_DISABLED_TEXT } from './upload/upload-handler';
export { runningCommandCount } from './commands/running-commands';
