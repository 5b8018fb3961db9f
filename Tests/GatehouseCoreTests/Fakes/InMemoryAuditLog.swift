import Foundation
import GatehouseCore

/// ``AuditLog`` over ``InMemoryStorage``.
struct InMemoryAuditLog: AuditLog {
    let storage: InMemoryStorage

    func record(_ event: AuditEvent) async throws {
        storage.write { $0.audit.append(event) }
    }

    func recent(limit: Int) async throws -> [AuditEvent] {
        storage.read { Array($0.audit.suffix(limit).reversed()) }
    }
}
