import GRDB

extension AppDatabase {
    /// The ticket module: tickets, their contacts, messages, the search index, agents and API tokens.
    static func registerTicketMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v2-tickets") { db in
            try db.alter(table: "contact") { t in
                t.add(column: "isAgent", .boolean).notNull().defaults(to: false)
            }
            try db.create(table: "ticket") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("subject", .text).notNull()
                t.column("pipeline", .text).notNull()
                t.column("stage", .text).notNull()
                t.column("status", .text).notNull().check { ["open", "closed"].contains($0) }
                t.column("priority", .text).check { $0 == nil || ["low", "medium", "high", "urgent"].contains($0) }
                t.column("category", .text)
                t.column("createdAt", .datetime).notNull()
                t.column("lastActivityAt", .datetime).notNull()
            }
            try db.create(index: "ticket_activity", on: "ticket", columns: ["lastActivityAt"])
            try db.create(index: "ticket_created", on: "ticket", columns: ["createdAt"])
            try db.create(index: "ticket_status_activity", on: "ticket", columns: ["status", "lastActivityAt"])
            // Contact first: a contact's tickets are one index range (the portal's every query starts here).
            try db.create(table: "ticketContact", options: .withoutRowID) { t in
                t.column("contactID", .integer).notNull().references("contact", onDelete: .cascade)
                t.column("ticketID", .integer).notNull().references("ticket", onDelete: .cascade)
                t.primaryKey(["contactID", "ticketID"])
            }
            try db.create(index: "ticketContact_ticket", on: "ticketContact", columns: ["ticketID"])
            try db.create(table: "message") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("ticketID", .integer).notNull().references("ticket", onDelete: .cascade)
                t.column("authorKind", .text).notNull().check { ["contact", "agent"].contains($0) }
                t.column("authorContactID", .integer).references("contact", onDelete: .setNull)
                t.column("authorName", .text).notNull()
                t.column("kind", .text).notNull().check { ["public", "note"].contains($0) }
                t.column("body", .text).notNull()
                t.column("createdAt", .datetime).notNull()
            }
            try db.create(index: "message_ticket", on: "message", columns: ["ticketID", "id"])
            // Subject and public messages of each ticket (rowid = ticket id); internal notes are never indexed.
            try db.create(virtualTable: "ticketSearch", using: FTS5()) { t in
                t.tokenizer = .unicode61(diacritics: .remove)
                // Two- and three-letter prefixes from their own index: an agent's search for "pr" would
                // otherwise merge the doclists of every term that starts with it.
                t.prefixes = [2, 3]
                t.column("subject")
                t.column("body")
            }
            try db.create(table: "apiToken") { t in
                t.column("digest", .text).primaryKey()
                t.column("name", .text).notNull().unique()
                t.column("createdAt", .datetime).notNull()
                t.column("revokedAt", .datetime)
            }
        }
    }
}
