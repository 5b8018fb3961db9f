import GRDB

extension AppDatabase {
    /// Named migrations; a released migration is never edited, only followed by new ones.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-membership") { db in
            try db.create(table: "contact") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("email", .text).notNull().unique().collate(.nocase)
                t.column("name", .text).notNull()
                t.column("verified", .boolean).notNull().defaults(to: false)
                t.column("isPortalAdmin", .boolean).notNull().defaults(to: false)
                t.column("createdAt", .datetime).notNull()
            }
            try db.create(table: "contactList") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull().unique().collate(.nocase)
                t.column("createdAt", .datetime).notNull()
            }
            try db.create(table: "listMembership") { t in
                t.column("listID", .integer).notNull().references("contactList", onDelete: .cascade)
                t.column("contactID", .integer).notNull().references("contact", onDelete: .cascade)
                t.column("addedAt", .datetime).notNull()
                t.primaryKey(["listID", "contactID"])
            }
            try db.create(index: "listMembership_contact", on: "listMembership", columns: ["contactID"])
            try db.create(table: "identity") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("contactID", .integer).notNull().references("contact", onDelete: .cascade)
                t.column("kind", .text).notNull().check { ["password", "saml", "jwt"].contains($0) }
                t.column("issuer", .text).notNull()
                t.column("subject", .text).notNull()
                t.column("passwordHash", .text)
                t.column("createdAt", .datetime).notNull()
                t.uniqueKey(["kind", "issuer", "subject"])
            }
            try db.create(index: "identity_contact", on: "identity", columns: ["contactID"])
            try db.create(table: "consent") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("contactID", .integer).notNull().references("contact", onDelete: .cascade)
                t.column("textVersion", .text).notNull()
                t.column("accepted", .boolean).notNull()
                t.column("recordedAt", .datetime).notNull()
            }
            try db.create(table: "token") { t in
                t.column("digest", .text).primaryKey()
                t.column("purpose", .text).notNull().check { ["registration", "invitation", "password_reset"].contains($0) }
                t.column("email", .text).notNull()
                t.column("contactID", .integer).references("contact", onDelete: .cascade)
                t.column("listID", .integer).references("contactList", onDelete: .cascade)
                t.column("passwordHash", .text)
                t.column("name", .text)
                t.column("expiresAt", .datetime).notNull()
                t.column("usedAt", .datetime)
                t.column("createdAt", .datetime).notNull()
            }
            try db.create(table: "outbox") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("recipient", .text).notNull()
                t.column("subject", .text).notNull()
                t.column("body", .text).notNull()
                t.column("createdAt", .datetime).notNull()
                t.column("sentAt", .datetime)
            }
            try db.create(table: "auditEvent") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("kind", .text).notNull()
                t.column("method", .text)
                t.column("contactID", .integer)
                t.column("email", .text)
                t.column("reasonCode", .text)
                t.column("detail", .text).notNull()
                t.column("requestID", .text)
                t.column("at", .datetime).notNull().indexed()
            }
        }
        migrator.registerMigration("v1-sso-and-sessions") { db in
            try db.create(table: "session") { t in
                t.column("keyDigest", .text).primaryKey()
                t.column("value", .blob).notNull()
                t.column("expiresAt", .datetime).indexed()
            }
            try db.create(table: "samlRequest") { t in
                t.column("requestID", .text).primaryKey()
                t.column("identityProvider", .text).notNull()
                t.column("browserKeyDigest", .text).notNull()
                t.column("returnTo", .text).notNull()
                t.column("createdAt", .datetime).notNull()
                t.column("expiresAt", .datetime).notNull().indexed()
            }
            try db.create(table: "replayEntry") { t in
                t.column("namespace", .text).notNull()
                t.column("key", .text).notNull()
                t.column("expiresAt", .datetime).notNull().indexed()
                t.primaryKey(["namespace", "key"])
            }
            try db.create(table: "identityProvider") { t in
                t.column("entityID", .text).primaryKey()
                t.column("name", .text).notNull().unique().collate(.nocase)
                t.column("metadataXML", .text).notNull()
                t.column("allowsUnsolicited", .boolean).notNull()
                t.column("allowsSHA1", .boolean).notNull()
                t.column("clockSkew", .double).notNull()
                t.column("emailAttribute", .text)
                t.column("nameAttribute", .text)
                t.column("addedAt", .datetime).notNull()
            }
            try db.create(table: "jwtApp") { t in
                t.column("id", .text).primaryKey()
                t.column("algorithm", .text).notNull().check { ["HS256", "RS256", "ES256"].contains($0) }
                t.column("key", .text).notNull()
                t.column("issuer", .text).notNull()
                t.column("audience", .text).notNull()
                t.column("maxAge", .double).notNull()
                t.column("addedAt", .datetime).notNull()
            }
        }
        registerTicketMigrations(&migrator)
        registerSecurityMigrations(&migrator)
        registerMailMigrations(&migrator)
        return migrator
    }
}
