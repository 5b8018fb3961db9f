import Foundation
import GatehouseCore

/// ``AuditLog`` over ``InMemoryStorage``: newest recorded first, the detail bounded as `SQLiteAuditLog`
/// bounds it (it may quote values from requests).
public struct InMemoryAuditLog: AuditLog {
    public let storage: InMemoryStorage

    public init(storage: InMemoryStorage) {
        self.storage = storage
    }

    public func record(_ event: AuditEvent) async throws {
        var bounded = event
        bounded.detail = String(event.detail.prefix(1000))
        storage.write { $0.audit.append(bounded) }
    }

    /// A negative limit is no limit, as in SQL.
    public func recent(limit: Int) async throws -> [AuditEvent] {
        storage.read { limit < 0 ? Array($0.audit.reversed()) : Array($0.audit.suffix(limit).reversed()) }
    }
}
