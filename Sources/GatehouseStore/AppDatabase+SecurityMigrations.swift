import GRDB

extension AppDatabase {
    /// Account security (issue 9): credential stamps on contacts, links and sessions; sessions by contact;
    /// the queue of registration and reset requests; rate-limit events; password attempts and trusted devices.
    static func registerSecurityMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v3-account-security") { db in
            try db.alter(table: "contact") { t in
                t.add(column: "securityStamp", .integer).notNull().defaults(to: 0)
            }
            try db.alter(table: "token") { t in
                t.add(column: "securityStamp", .integer).notNull().defaults(to: 0)
            }
            try db.create(index: "token_contact", on: "token", columns: ["contactID"])
            try db.alter(table: "session") { t in
                t.add(column: "contactID", .integer).references("contact", onDelete: .cascade)
            }
            try db.create(index: "session_contact", on: "session", columns: ["contactID"])
            // The hourly cap on account emails per address counts these.
            try db.create(index: "outbox_recipient_created", on: "outbox", columns: ["recipient", "createdAt"])
            try db.create(table: "accountRequest") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("kind", .text).notNull().check { ["registration", "password_reset"].contains($0) }
                t.column("email", .text).notNull()
                t.column("name", .text).notNull()
                t.column("consentVersion", .text)
                t.column("consentAccepted", .boolean).notNull()
                t.column("requestID", .text).notNull()
                t.column("createdAt", .datetime).notNull()
                t.column("leasedUntil", .datetime)
                t.column("completedAt", .datetime)
                t.column("outcome", .text)
            }
            try db.create(index: "accountRequest_due", on: "accountRequest", columns: ["completedAt", "leasedUntil"])
            try db.create(table: "rateEvent") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("key", .text).notNull()
                t.column("at", .datetime).notNull()
            }
            try db.create(index: "rateEvent_key_at", on: "rateEvent", columns: ["key", "at"])
            try db.create(table: "loginAttempt") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("account", .text).notNull()
                t.column("client", .text).notNull()
                t.column("address", .text).notNull()
                t.column("startedAt", .datetime).notNull()
                t.column("finishedAt", .datetime)
                t.column("failed", .boolean)
            }
            try db.create(index: "loginAttempt_account", on: "loginAttempt", columns: ["account", "client", "startedAt"])
            try db.create(index: "loginAttempt_address", on: "loginAttempt", columns: ["address", "startedAt"])
            try db.create(table: "trustedDevice") { t in
                t.column("digest", .text).notNull()
                t.column("account", .text).notNull()
                t.column("createdAt", .datetime).notNull()
                t.column("lastUsedAt", .datetime).notNull()
                t.primaryKey(["digest", "account"])
            }
            try db.create(index: "trustedDevice_account", on: "trustedDevice", columns: ["account", "lastUsedAt"])
        }
    }
}
