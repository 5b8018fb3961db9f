import Foundation
import GRDB
import GatehouseCore
import GatehouseStore
import Testing

@Suite struct MembershipStoreTests {
    let now = Date(timeIntervalSince1970: 1_893_456_000)
    let email = EmailAddress("carol@example.com")!

    func pending(_ digest: String, name: String = "Carol", stamp: Int = 0) -> PendingRegistration {
        PendingRegistration(
            email: email, name: name, expectedStamp: stamp, consentVersion: "sha256:abc", consentAccepted: true, tokenDigest: digest,
            tokenExpiresAt: now.addingTimeInterval(3600), message: OutboxMessage(recipient: email, subject: "s", body: "b", createdAt: now), at: now)
    }

    func message(at time: Date? = nil) -> OutboxMessage {
        OutboxMessage(recipient: email, subject: "s", body: "b", createdAt: time ?? now)
    }

    func reset(_ digest: String, for contact: Contact, at time: Date? = nil) -> IssuedToken {
        IssuedToken(
            digest: digest, purpose: .passwordReset, email: email, contactID: contact.id, securityStamp: contact.securityStamp,
            expiresAt: (time ?? now) + 3600, createdAt: time ?? now)
    }

    func contact(_ database: AppDatabase) async throws -> Contact {
        try #require(try await SQLiteContactRepository(database).contact(email: email))
    }

    @Test("Registration writes contact, consent, token and email together; its link sets the chosen password, once")
    func registration() async throws {
        let database = try AppDatabase.temporary()
        let store = SQLiteMembershipStore(database)
        #expect(try await store.registerPending(pending("digest-1"), emailCap: 5))
        let contact = try await contact(database)
        #expect(!contact.verified)
        #expect(try await SQLiteIdentityRepository(database).passwordHash(of: contact.id) == nil)
        #expect(try await SQLiteConsentRepository(database).consents(of: contact.id).map(\.textVersion) == ["sha256:abc"])
        #expect(try await SQLiteOutboxRepository(database).pending().count == 1)
        #expect(try await store.unusedToken(digest: "digest-1", purpose: .registration, at: now)?.name == "Carol")
        let change = try #require(
            try await store.completeRegistration(tokenDigest: "digest-1", passwordHash: "hash", at: now + 10, keepingSession: nil))
        #expect(change.contact.verified && change.contact.securityStamp == 1)
        #expect(try await SQLiteIdentityRepository(database).passwordHash(of: contact.id) == "hash")
        #expect(try await store.completeRegistration(tokenDigest: "digest-1", passwordHash: "other", at: now + 20, keepingSession: nil) == nil)
        #expect(try await store.unusedToken(digest: "digest-1", purpose: .registration, at: now) == nil)
    }

    @Test("Two registrations of a pending address: the first link used sets the password, the other link dies")
    func competingRegistrations() async throws {
        let database = try AppDatabase.temporary()
        let store = SQLiteMembershipStore(database)
        #expect(try await store.registerPending(pending("mallory-link", name: "Mallory"), emailCap: 5))
        #expect(try await store.registerPending(pending("carol-link"), emailCap: 5))
        let change = try #require(
            try await store.completeRegistration(tokenDigest: "carol-link", passwordHash: "carol-hash", at: now, keepingSession: nil))
        #expect(change.contact.name == "Carol" && change.voidedTokens == 1)
        #expect(try await store.completeRegistration(tokenDigest: "mallory-link", passwordHash: "x", at: now, keepingSession: nil) == nil)
        #expect(try await SQLiteIdentityRepository(database).passwordHash(of: change.contact.id) == "carol-hash")
    }

    /// Issue 9, item 1, at the store: a confirmation link issued before a password was set can never
    /// replace that password, however the password was set.
    @Test("Pre-account takeover: a reset voids the older confirmation link, which then cannot set a password")
    func resetVoidsOlderConfirmation() async throws {
        let database = try AppDatabase.temporary()
        let store = SQLiteMembershipStore(database)
        #expect(try await store.registerPending(pending("attacker-confirmation", name: "Attacker"), emailCap: 5))
        let pendingContact = try await contact(database)
        #expect(try await store.issueToken(reset("victim-reset", for: pendingContact), message: message(), emailCap: 5))
        let change = try #require(try await store.resetPassword(tokenDigest: "victim-reset", newPasswordHash: "victim", at: now, keepingSession: nil))
        #expect(change.voidedTokens == 1)
        #expect(try await store.unusedToken(digest: "attacker-confirmation", purpose: .registration, at: now) == nil)
        #expect(
            try await store.completeRegistration(tokenDigest: "attacker-confirmation", passwordHash: "attacker", at: now, keepingSession: nil) == nil)
        #expect(try await SQLiteIdentityRepository(database).passwordHash(of: change.contact.id) == "victim")
    }

    @Test("A token bound to an older stamp is void even if it was written after the change (no explicit voiding)")
    func stampBinding() async throws {
        let database = try AppDatabase.temporary()
        let store = SQLiteMembershipStore(database)
        let contacts = SQLiteContactRepository(database)
        let carol = try await contacts.createContact(email: email, name: "Carol", verified: true, isPortalAdmin: false, at: now)
        try await SQLiteIdentityRepository(database).setPasswordHash("first", for: carol.id, at: now)
        // Issued for the state before the password was set: refused at issue…
        await #expect(throws: StoreError.self) {
            try await store.issueToken(reset("stale", for: carol), message: message(), emailCap: 5)
        }
        // …and a row carrying the old stamp (an older release, a race) does not work either.
        try await database.write { db in
            try db.execute(
                sql: "INSERT INTO token (digest, purpose, email, contactID, securityStamp, expiresAt, createdAt) VALUES (?, ?, ?, ?, 0, ?, ?)",
                arguments: ["legacy", "password_reset", email.value, carol.id, now + 3600, now])
        }
        #expect(try await store.unusedToken(digest: "legacy", purpose: .passwordReset, at: now) == nil)
        #expect(try await store.resetPassword(tokenDigest: "legacy", newPasswordHash: "x", at: now, keepingSession: nil) == nil)
        let current = try #require(try await contacts.contact(id: carol.id))
        #expect(try await store.issueToken(reset("fresh", for: current), message: message(), emailCap: 5))
        #expect(try await store.resetPassword(tokenDigest: "fresh", newPasswordHash: "second", at: now, keepingSession: nil) != nil)
    }

    /// Issue 9, item 2.
    @Test("Using the newer of two reset links voids the older one")
    func newerResetVoidsOlder() async throws {
        let database = try AppDatabase.temporary()
        let store = SQLiteMembershipStore(database)
        let carol = try await SQLiteContactRepository(database).createContact(
            email: email, name: "Carol", verified: true, isPortalAdmin: false, at: now)
        #expect(try await store.issueToken(reset("older", for: carol), message: message(), emailCap: 5))
        #expect(try await store.issueToken(reset("newer", for: carol, at: now + 60), message: message(at: now + 60), emailCap: 5))
        #expect(try await store.resetPassword(tokenDigest: "newer", newPasswordHash: "p1", at: now + 120, keepingSession: nil) != nil)
        #expect(try await store.resetPassword(tokenDigest: "older", newPasswordHash: "p2", at: now + 180, keepingSession: nil) == nil)
        #expect(try await SQLiteIdentityRepository(database).passwordHash(of: carol.id) == "p1")
    }

    /// Issue 9, item 3, at the store.
    @Test("Setting a password ends the account's sessions except the one that made the change; others' sessions stay")
    func passwordChangeEndsSessions() async throws {
        let database = try AppDatabase.temporary()
        let store = SQLiteMembershipStore(database)
        let contacts = SQLiteContactRepository(database)
        let sessions = SQLiteSessionStore(database)
        let carol = try await contacts.createContact(email: email, name: "Carol", verified: true, isPortalAdmin: false, at: now)
        let dave = try await contacts.createContact(
            email: EmailAddress("dave@example.com")!, name: "Dave", verified: true, isPortalAdmin: false, at: now)
        for key in ["laptop", "phone", "here"] { try await sessions.set(keyDigest: key, value: Data(), expiresAt: now + 600, contactID: carol.id) }
        try await sessions.set(keyDigest: "dave", value: Data(), expiresAt: now + 600, contactID: dave.id)
        let change = try #require(
            try await store.changePassword(contactID: carol.id, expectedStamp: 0, newPasswordHash: "new", at: now, keepingSession: "here"))
        #expect(change.endedSessions == 2 && change.contact.securityStamp == 1)
        #expect(try await sessions.get(keyDigest: "laptop", now: now) == nil)
        #expect(try await sessions.get(keyDigest: "here", now: now) != nil)
        #expect(try await sessions.get(keyDigest: "dave", now: now) != nil)
        // A change made for an older state of the account does nothing.
        #expect(try await store.changePassword(contactID: carol.id, expectedStamp: 0, newPasswordHash: "x", at: now, keepingSession: nil) == nil)
        // Any path that sets a password ends sessions (here the admin CLI's).
        try await sessions.set(keyDigest: "tablet", value: Data(), expiresAt: now + 600, contactID: carol.id)
        try await SQLiteIdentityRepository(database).setPasswordHash("admin-set", for: carol.id, at: now)
        #expect(try await sessions.get(keyDigest: "tablet", now: now) == nil)
        #expect(try await contacts.contact(id: carol.id)?.securityStamp == 2)
    }

    @Test("Expired and wrong-purpose tokens are refused")
    func tokenRules() async throws {
        let store = SQLiteMembershipStore(try AppDatabase.temporary())
        #expect(try await store.registerPending(pending("digest-2"), emailCap: 5))
        #expect(try await store.completeRegistration(tokenDigest: "digest-2", passwordHash: "h", at: now + 3601, keepingSession: nil) == nil)
        #expect(try await store.resetPassword(tokenDigest: "digest-2", newPasswordHash: "x", at: now, keepingSession: nil) == nil)
    }

    @Test("Many concurrent uses of one token: exactly one succeeds")
    func singleUseUnderConcurrency() async throws {
        let store = SQLiteMembershipStore(try AppDatabase.temporary())
        #expect(try await store.registerPending(pending("digest-3"), emailCap: 5))
        let now = now
        let successes = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<16 {
                group.addTask {
                    try await store.completeRegistration(tokenDigest: "digest-3", passwordHash: "h\(index)", at: now, keepingSession: nil) != nil
                }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(successes == 1)
    }

    @Test("The hourly email cap: a capped token and email are not written at all")
    func emailCap() async throws {
        let database = try AppDatabase.temporary()
        let store = SQLiteMembershipStore(database)
        let carol = try await SQLiteContactRepository(database).createContact(
            email: email, name: "Carol", verified: true, isPortalAdmin: false, at: now)
        for index in 0..<3 { #expect(try await store.issueToken(reset("r\(index)", for: carol), message: message(), emailCap: 3)) }
        #expect(try await !store.issueToken(reset("r3", for: carol), message: message(), emailCap: 3))
        #expect(try await store.unusedToken(digest: "r3", purpose: .passwordReset, at: now) == nil)
        #expect(try await SQLiteOutboxRepository(database).pending().count == 3)
        // An hour later there is room again.
        #expect(try await store.issueToken(reset("r4", for: carol, at: now + 3601), message: message(at: now + 3601), emailCap: 3))
    }

    @Test("An SSO login takes over an unverified address: any pending password and link are discarded, the stamp moves on")
    func ssoClaimsUnverifiedAddress() async throws {
        let database = try AppDatabase.temporary()
        let store = SQLiteMembershipStore(database)
        #expect(try await store.registerPending(pending("digest-4", name: "Squatter"), emailCap: 5))
        let squatter = try await contact(database)
        let identity = ExternalIdentity(kind: .saml, issuer: "https://idp", subject: "carol")
        let contact = try await store.linkExternalIdentity(identity, email: email, name: "Carol", at: now)
        #expect(contact.id == squatter.id && contact.verified && contact.securityStamp == 1)
        #expect(try await SQLiteIdentityRepository(database).passwordHash(of: contact.id) == nil)
        #expect(try await store.completeRegistration(tokenDigest: "digest-4", passwordHash: "h", at: now, keepingSession: nil) == nil)
        // Linking again finds the same contact and changes nothing.
        #expect(try await store.linkExternalIdentity(identity, email: email, name: "Carol", at: now) == contact)
    }

    @Test("Invitations create a verified member of the list; a reset after it voids an older invitation")
    func invitationsAndResets() async throws {
        let database = try AppDatabase.temporary()
        let store = SQLiteMembershipStore(database)
        let list = try await SQLiteContactListRepository(database).createList(named: "Partners", at: now)
        func invitation(_ digest: String) -> IssuedToken {
            IssuedToken(digest: digest, purpose: .invitation, email: email, contactID: nil, listID: list.id, expiresAt: now + 3600, createdAt: now)
        }
        #expect(try await store.issueToken(invitation("invite"), message: message(), emailCap: 5))
        #expect(try await store.issueToken(invitation("second-invite"), message: message(), emailCap: 5))
        let accepted = try #require(
            try await store.acceptInvitation(
                InvitationAcceptance(tokenDigest: "invite", name: "Carol", passwordHash: "p1", consentVersion: nil, consentAccepted: false, at: now)))
        #expect(accepted.contact.verified && accepted.voidedTokens == 1)
        #expect(try await SQLiteContactRepository(database).listNames(of: accepted.contact.id) == ["Partners"])
        // The second invitation, sent before the account had a password, can no longer replace it.
        #expect(
            try await store.acceptInvitation(
                InvitationAcceptance(
                    tokenDigest: "second-invite", name: "X", passwordHash: "p-x", consentVersion: nil, consentAccepted: false, at: now))
                == nil)
        #expect(try await store.issueToken(reset("reset", for: accepted.contact), message: message(), emailCap: 5))
        #expect(
            try await store.resetPassword(tokenDigest: "reset", newPasswordHash: "p2", at: now, keepingSession: nil)?.contact.id
                == accepted.contact.id)
        #expect(try await SQLiteIdentityRepository(database).passwordHash(of: accepted.contact.id) == "p2")
    }

    @Test("A queued request is completed by the write that sends its email: a second worker's write of it sends nothing")
    func completedWithTheEmail() async throws {
        let database = try AppDatabase.temporary()
        let store = SQLiteMembershipStore(database)
        let queue = SQLiteAccountRequestQueue(database)
        let request = AccountRequest(kind: .registration, email: email, name: "Carol", requestID: "r", createdAt: now)
        #expect(try await queue.submit(request, buckets: []) == .allowed)
        let id = try #require(try await queue.claim(limit: 1, leaseUntil: now + 60, now: now).first?.id)
        let done = AccountRequestCompletion(id: id, outcome: "registration: confirmation link sent", at: now)
        #expect(try await store.registerPending(pending("first"), emailCap: 5, completing: done))
        // The lease ran out, another worker took the request over; the first one's write must not land twice.
        await #expect(throws: StoreError.alreadyDone("account request \(id)")) {
            try await store.registerPending(pending("second"), emailCap: 5, completing: done)
        }
        await #expect(throws: StoreError.alreadyDone("account request \(id)")) {
            try await store.issueToken(reset("third", for: try await contact(database)), message: message(), emailCap: 5, completing: done)
        }
        #expect(try await SQLiteOutboxRepository(database).pending().count == 1)
        #expect(try await queue.claim(limit: 10, leaseUntil: now + 200, now: now + 100).isEmpty)
        let outcome = try await database.read { db in try String.fetchOne(db, sql: "SELECT outcome FROM accountRequest WHERE id = ?", arguments: [id])
        }
        #expect(outcome == "registration: confirmation link sent")
    }
}
