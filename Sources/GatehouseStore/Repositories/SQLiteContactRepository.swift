import Foundation
import GRDB
import GatehouseCore

public struct SQLiteContactRepository: ContactRepository {
    let database: AppDatabase

    public init(_ database: AppDatabase) {
        self.database = database
    }

    public func contact(id: Contact.ID) async throws -> Contact? {
        // Every page request runs this: a cached statement, no query-interface SQL generation.
        try await database.read { db in
            try ContactRecord.fetchOne(try db.cachedStatement(sql: "SELECT * FROM contact WHERE id = ?"), arguments: [id])?.contact
        }
    }

    public func contact(email: EmailAddress) async throws -> Contact? {
        try await database.read { db in try ContactRecord.find(email: email, in: db)?.contact }
    }

    public func createContact(email: EmailAddress, name: String, verified: Bool, isPortalAdmin: Bool, at: Date) async throws -> Contact {
        try await database.write { db in
            try translatingConflicts("contact \(email)") {
                var record = ContactRecord(email: email, name: name, verified: verified, isPortalAdmin: isPortalAdmin, createdAt: at)
                try record.insert(db)
                return record.contact
            }
        }
    }

    public func markVerified(_ id: Contact.ID) async throws {
        try await update(id) { $0.verified = true }
    }

    public func setPortalAdmin(_ id: Contact.ID, _ isAdmin: Bool) async throws {
        try await update(id) { $0.isPortalAdmin = isAdmin }
    }

    public func setAgent(_ id: Contact.ID, _ isAgent: Bool) async throws {
        try await update(id) { $0.isAgent = isAgent }
    }

    public func listNames(of id: Contact.ID) async throws -> [String] {
        try await database.read { db in
            try String.fetchAll(
                db,
                sql:
                    "SELECT contactList.name FROM contactList JOIN listMembership ON listMembership.listID = contactList.id WHERE listMembership.contactID = ? ORDER BY contactList.name",
                arguments: [id])
        }
    }

    public func allContacts() async throws -> [Contact] {
        try await database.read { db in try ContactRecord.order(ContactRecord.Columns.email).fetchAll(db).map(\.contact) }
    }

    private func update(_ id: Contact.ID, _ change: @escaping @Sendable (inout ContactRecord) -> Void) async throws {
        try await database.write { db in
            guard var record = try ContactRecord.fetchOne(db, key: id) else { throw StoreError.notFound("contact \(id)") }
            change(&record)
            try record.update(db)
        }
    }
}
