// Everything the Go client does besides tunnels (§5): remote commands and scripts, file reception,
// update status, monitoring, public IP addresses and client metadata, as one feature set for the
// engine: `createEngine({ features: createRemoteFeatures() })`. Each feature's code is imported when it
// is first used (lazy-feature.ts): a request handler on its first request, a session feature when a
// connection needs it (updates status on, monitoring on, an IP API set), so a client that runs no
// command and receives no upload never loads that code.
import type { EngineFeatureSet } from '../server-session';
import type { RunCmdOptions } from './commands/run-cmd-handler';
// Light (no zod, no child processes): it sends results kept from an earlier run as soon as a connection is up.
import { createResultDeliverySessionFeature, ResultDelivery } from './commands/result-delivery';
import type { IpAddressesOptions } from './ip-addresses/ip-addresses-feature';
import type { SystemMonitorOptions } from './monitoring/measurement';
import type { MonitoringTiming } from './monitoring/monitoring-feature';
import type { UploadOptions } from './upload/upload-handler';
import type { UpdatesTiming } from './updates/updates-feature';
import type { UpdatesServiceOptions } from './updates/updates-service';
import { lazyRequestHandler, lazySessionFeature, loadOnce } from './lazy-feature';

export interface RemoteFeatureOptions {
  commands?: RunCmdOptions;
  upload?: UploadOptions;
  updates?: UpdatesServiceOptions & UpdatesTiming;
  monitoring?: SystemMonitorOptions & MonitoringTiming;
  ipAddresses?: IpAddressesOptions;
}

export function createRemoteFeatures(options: RemoteFeatureOptions = {}): EngineFeatureSet {
  // One updates service for the refresh request and the per-connection sender (they share its last status).
  const updates = loadOnce(async () => {
    const [{ UpdatesService }, feature] = await Promise.all([
      import('./updates/updates-service'),
      import('./updates/updates-feature'),
    ]);
    const service = new UpdatesService(options.updates);
    return {
      sender: feature.createUpdatesSessionFeature(service, options.updates),
      refresh: feature.createRefreshUpdatesHandler(service, options.updates),
    };
  });
  const results = options.commands?.delivery ?? new ResultDelivery();
  return {
    requestHandlers: {
      run_cmd: lazyRequestHandler(async () =>
        (await import('./commands/run-cmd-handler')).createRunCmdHandler({ ...options.commands, delivery: results }),
      ),
      upload: lazyRequestHandler(async () =>
        (await import('./upload/upload-handler')).createUploadHandler(options.upload),
      ),
      refresh_updates_status: lazyRequestHandler(async () => (await updates()).refresh),
      update_client_metadata: lazyRequestHandler(async () =>
        (await import('./metadata/update-client-metadata-handler')).createUpdateClientMetadataHandler(),
      ),
    },
    sessionFeatures: [
      createResultDeliverySessionFeature(results),
      lazySessionFeature({
        name: 'updates-status',
        load: async () => (await updates()).sender,
        // updates_interval 0 turns the status off (the sender would start and do nothing).
        needed: (context) => (options.updates?.intervalMs ?? context.config.client.updates_interval) > 0,
      }),
      lazySessionFeature({
        name: 'monitoring',
        load: async () => {
          const [{ SystemMonitor }, { createMonitoringSessionFeature }] = await Promise.all([
            import('./monitoring/measurement'),
            import('./monitoring/monitoring-feature'),
          ]);
          return createMonitoringSessionFeature(new SystemMonitor(options.monitoring), options.monitoring);
        },
        needed: (context) => context.config.monitoring.enabled,
      }),
      lazySessionFeature({
        name: 'ip-addresses',
        load: async () =>
          (await import('./ip-addresses/ip-addresses-feature')).createIpAddressesSessionFeature(options.ipAddresses),
        needed: (context) => context.config.client.ip_api_url !== '',
      }),
    ],
    flush: () => results.settled(),
  };
}

export { runningCommandCount } from './commands/running-commands';
