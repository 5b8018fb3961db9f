import Foundation
import GatehouseCore
import PostgresNIO

public struct PostgresAuditLog: AuditLog {
    let store: PostgresStore

    public init(_ store: PostgresStore) {
        self.store = store
    }

    public func record(_ event: AuditEvent) async throws {
        try await store.connection { connection in
            // Audit detail is bounded: it may quote values from requests.
            try await connection.run(
                """
                INSERT INTO auditEvent (kind, method, contactID, email, reasonCode, detail, requestID, at)
                VALUES (\(event.kind.rawValue), \(event.method?.rawValue), \(event.contactID), \(event.email), \(event.reasonCode?.rawValue),
                        \(String(event.detail.prefix(1000))), \(event.requestID), \(event.at))
                """, store.logger)
        }
    }

    public func recent(limit: Int) async throws -> [AuditEvent] {
        try await store.connection { connection in
            try await connection.rows(
                "SELECT kind, method, contactID, email, reasonCode, detail, requestID, at FROM auditEvent ORDER BY id DESC LIMIT \(limit)",
                store.logger
            ).compactMap { row in
                let (kind, method, contactID, email, reason, detail, requestID, at) = try row.decode(
                    (String, String?, Int64?, String?, String?, String, String?, Date).self)
                guard let kind = AuditEvent.Kind(rawValue: kind) else { return nil }
                return AuditEvent(
                    kind: kind, method: method.flatMap(AuthenticationMethod.init(rawValue:)), contactID: contactID, email: email,
                    reasonCode: reason.flatMap(ReasonCode.init), detail: detail, requestID: requestID, at: at)
            }
        }
    }
}
