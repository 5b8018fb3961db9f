import Foundation
import GatehouseCore
import PostgresNIO

public struct PostgresConsentRepository: ConsentRepository {
    let store: PostgresStore

    public init(_ store: PostgresStore) {
        self.store = store
    }

    public func record(_ consent: ConsentRecord) async throws {
        try await store.connection { connection in try await Self.insert(consent, connection, store) }
    }

    public func consents(of contact: Contact.ID) async throws -> [ConsentRecord] {
        try await store.connection { connection in
            try await connection.rows(
                "SELECT contactID, textVersion, accepted, recordedAt FROM consent WHERE contactID = \(contact) ORDER BY id", store.logger
            ).map { row in
                let (contactID, version, accepted, at) = try row.decode((Int64, String, Bool, Date).self)
                return ConsentRecord(contactID: contactID, textVersion: version, accepted: accepted, recordedAt: at)
            }
        }
    }

    static func insert(_ consent: ConsentRecord, _ connection: PostgresConnection, _ store: PostgresStore) async throws {
        try await connection.run(
            """
            INSERT INTO consent (contactID, textVersion, accepted, recordedAt)
            VALUES (\(consent.contactID), \(consent.textVersion), \(consent.accepted), \(consent.recordedAt))
            """, store.logger)
    }
}
