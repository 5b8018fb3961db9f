import GRDB

extension AppDatabase {
    /// Mail delivery: the outbox's delivery state (lease, attempts, next attempt, the server's reply,
    /// failure), the Message-ID token, the HTML part, kind and language.
    static func registerMailMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v4-mail-delivery") { db in
            try db.alter(table: "outbox") { t in
                t.add(column: "html", .text)
                t.add(column: "kind", .text).notNull().defaults(to: "account")
                t.add(column: "language", .text)
                t.add(column: "messageToken", .text).notNull().defaults(to: "")
                t.add(column: "failedAt", .datetime)
                t.add(column: "attempts", .integer).notNull().defaults(to: 0)
                t.add(column: "nextAttemptAt", .datetime)
                t.add(column: "leasedUntil", .datetime)
                t.add(column: "lastReply", .text)
            }
            try db.execute(sql: "UPDATE outbox SET messageToken = lower(hex(randomblob(16)))")
            try db.create(index: "outbox_unsent", on: "outbox", columns: ["id"], condition: Column("sentAt") == nil && Column("failedAt") == nil)
        }
        migrator.registerMigration("v5-notifications") { db in
            try db.alter(table: "outbox") { t in
                t.add(column: "unsubscribeURL", .text)
                t.add(column: "threadID", .text)
            }
            // By address, lower case (EmailAddress's form), so an agents' address that is no contact has one too.
            try db.create(table: "mailPreference", options: .withoutRowID) { t in
                t.primaryKey("address", .text)
                t.column("language", .text)
                t.column("notificationsOffAt", .datetime)
            }
            // The page's language, for the email the request sends.
            try db.alter(table: "accountRequest") { t in t.add(column: "language", .text) }
            try db.create(table: "signingKey", options: .withoutRowID) { t in
                t.primaryKey("name", .text)
                t.column("key", .blob).notNull()
            }
        }
    }
}
