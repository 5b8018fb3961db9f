import Foundation
import GRDB
import GatehouseCore
import GatehouseStore
import Testing

@Suite struct LedgerAndSessionTests {
    let now = Date(timeIntervalSince1970: 1_893_456_000)

    @Test("Replay ledger: once per namespace until expiry, shared across instances of the database")
    func replayLedger() async throws {
        let database = try AppDatabase.temporary()
        let ledger = SQLiteReplayLedger(database)
        #expect(try await ledger.record(namespace: "saml:idp", key: "_a1", until: now + 300, now: now))
        #expect(try await !SQLiteReplayLedger(database).record(namespace: "saml:idp", key: "_a1", until: now + 300, now: now + 10))
        #expect(try await ledger.record(namespace: "jwt:app", key: "_a1", until: now + 300, now: now))
        #expect(try await ledger.record(namespace: "saml:idp", key: "_a1", until: now + 900, now: now + 300))
        #expect(try await ledger.purgeExpired(now: now + 1000) == 2)
    }

    @Test("SAML requests are taken once, only by the browser that made them, before they expire")
    func samlRequests() async throws {
        let requests = SQLiteSAMLRequestRepository(try AppDatabase.temporary())
        let request = PendingSAMLRequest(
            requestID: "_r1", identityProvider: "https://idp", browserKeyDigest: "browser-a", returnTo: "/tickets", createdAt: now,
            expiresAt: now + 600)
        try await requests.track(request)
        #expect(try await requests.take(requestID: "_r1", browserKeyDigest: "browser-b", at: now) == nil)
        #expect(try await requests.take(requestID: "_r1", browserKeyDigest: "browser-a", at: now) == request)
        #expect(try await requests.take(requestID: "_r1", browserKeyDigest: "browser-a", at: now) == nil)
        try await requests.track(
            PendingSAMLRequest(requestID: "_r2", identityProvider: "i", browserKeyDigest: "b", returnTo: "/", createdAt: now, expiresAt: now + 1))
        #expect(try await requests.take(requestID: "_r2", browserKeyDigest: "b", at: now + 2) == nil)
    }

    @Test("Sessions expire and can be removed")
    func sessions() async throws {
        let sessions = SQLiteSessionStore(try AppDatabase.temporary())
        try await sessions.set(keyDigest: "k", value: Data("v".utf8), expiresAt: now + 60, contactID: nil)
        #expect(try await sessions.get(keyDigest: "k", now: now) == Data("v".utf8))
        #expect(try await sessions.get(keyDigest: "k", now: now + 61) == nil)
        try await sessions.set(keyDigest: "k2", value: Data(), expiresAt: now + 10, contactID: nil)
        #expect(try await sessions.purgeExpired(now: now + 100) == 2)
        try await sessions.set(keyDigest: "k3", value: Data("x".utf8), expiresAt: nil, contactID: nil)
        try await sessions.remove(keyDigest: "k3")
        #expect(try await sessions.get(keyDigest: "k3", now: now) == nil)
    }

    @Test("IdP and JWT app registries save, replace and remove")
    func registries() async throws {
        let database = try AppDatabase.temporary()
        let idps = SQLiteIdentityProviderRegistry(database)
        try await idps.save(StoredIdentityProvider(entityID: "https://idp", name: "okta", metadataXML: "<md/>", addedAt: now))
        try await idps.save(
            StoredIdentityProvider(entityID: "https://idp", name: "okta", metadataXML: "<md2/>", allowsUnsolicited: true, addedAt: now))
        #expect(try await idps.all().map(\.metadataXML) == ["<md2/>"])
        await #expect(throws: StoreError.self) {
            try await idps.save(StoredIdentityProvider(entityID: "https://other", name: "OKTA", metadataXML: "<md/>", addedAt: now))
        }
        #expect(try await idps.remove(entityID: "https://idp"))
        #expect(try await !idps.remove(entityID: "https://idp"))
        let apps = SQLiteJWTAppRegistry(database)
        try await apps.save(JWTApp(id: "helpdesk", algorithm: .hs256, key: "secret", issuer: "i", audience: "a", maxAge: 300, addedAt: now))
        #expect(try await apps.all().map(\.id) == ["helpdesk"])
    }

    @Test("Audit events round-trip, newest first")
    func audit() async throws {
        let log = SQLiteAuditLog(try AppDatabase.temporary())
        try await log.record(
            AuditEvent(kind: .login, method: .saml, contactID: 1, email: "a@example.com", detail: "signed in", requestID: "r1", at: now))
        try await log.record(
            AuditEvent(kind: .rejection, method: .jwt, reasonCode: "jwt.expired", detail: String(repeating: "x", count: 5000), at: now))
        let events = try await log.recent(limit: 10)
        #expect(events.map(\.kind) == [.rejection, .login])
        #expect(events[0].reasonCode == "jwt.expired" && events[0].detail.count == 1000)
    }
}

@Suite struct MaintenanceTests {
    @Test("purgeExpired deletes expired sessions, SAML requests, replay entries, and tokens a day after expiry")
    func purge() async throws {
        let database = try AppDatabase.temporary()
        let now = Date(timeIntervalSince1970: 1_893_456_000)
        let sessions = SQLiteSessionStore(database)
        try await sessions.set(keyDigest: "old", value: Data("{}".utf8), expiresAt: now.addingTimeInterval(-1), contactID: nil)
        try await sessions.set(keyDigest: "live", value: Data("{}".utf8), expiresAt: now.addingTimeInterval(60), contactID: nil)
        let ledger = SQLiteReplayLedger(database)
        _ = try await ledger.record(namespace: "saml:x", key: "a", until: now.addingTimeInterval(-1), now: now.addingTimeInterval(-100))
        _ = try await ledger.record(namespace: "saml:x", key: "b", until: now.addingTimeInterval(60), now: now)
        let requests = SQLiteSAMLRequestRepository(database)
        try await requests.track(
            PendingSAMLRequest(
                requestID: "_r", identityProvider: "i", browserKeyDigest: "d", returnTo: "/", createdAt: now.addingTimeInterval(-700),
                expiresAt: now.addingTimeInterval(-100)))
        let email = EmailAddress("t@example.com")!
        let store = SQLiteMembershipStore(database)
        let message = OutboxMessage(recipient: email, subject: "s", body: "b", createdAt: now)
        try await store.issueToken(
            IssuedToken(
                digest: "stale", purpose: .passwordReset, email: email, contactID: nil, expiresAt: now.addingTimeInterval(-90_000), createdAt: now),
            message: message, emailCap: 10)
        try await store.issueToken(
            IssuedToken(
                digest: "recent", purpose: .passwordReset, email: email, contactID: nil, expiresAt: now.addingTimeInterval(-60), createdAt: now),
            message: message, emailCap: 10)

        let deleted = try await database.purgeExpired(now: now)
        #expect(
            deleted == [
                "session": 1, "samlRequest": 1, "replayEntry": 1, "token": 1, "rateEvent": 0, "loginAttempt": 0, "accountRequest": 0,
                "trustedDevice": 0,
            ])
        #expect(try await sessions.get(keyDigest: "live", now: now) != nil)
        #expect(try await ledger.record(namespace: "saml:x", key: "b", until: now.addingTimeInterval(60), now: now) == false)
        let remaining = try await database.pool.read { db in try String.fetchAll(db, sql: "SELECT digest FROM token") }
        #expect(remaining == ["recent"])
    }
}
