import Foundation
import GatehouseCore
import Logging
import ServiceLifecycle

/// Deletes expired sessions, SAML requests, replay entries and tokens every ten minutes while the
/// server runs.
struct MaintenanceService: Service {
    let store: any StoreMaintenance
    let clock: any GatehouseCore.Clock
    let logger: Logger
    var interval: Duration = .seconds(600)

    func run() async throws {
        await purge()
        let interval = interval
        // Sleeping is cancelled on graceful shutdown, which ends the loop.
        try? await cancelWhenGracefulShutdown {
            while true {
                try await Task.sleep(for: interval)
                await purge()
            }
        }
    }

    private func purge() async {
        do {
            let deleted = try await store.purgeExpired(now: clock.now)
            logger.debug("Purged expired rows", metadata: deleted.mapValues { "\($0)" })
        } catch {
            logger.error("Purging expired rows failed", metadata: ["error": "\(error)"])
        }
    }
}
