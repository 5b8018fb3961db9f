import Foundation
import GatehouseCore
import GatehouseStore
import Testing

@Suite struct MembershipStoreTests {
    let now = Date(timeIntervalSince1970: 1_893_456_000)
    let email = EmailAddress("carol@example.com")!

    func pending(_ digest: String, password: String = "hash") -> PendingRegistration {
        PendingRegistration(
            email: email, name: "Carol", passwordHash: password, consentVersion: "sha256:abc", consentAccepted: true, tokenDigest: digest,
            tokenExpiresAt: now.addingTimeInterval(3600), message: OutboxMessage(recipient: email, subject: "s", body: "b", createdAt: now), at: now)
    }

    @Test("Registration writes contact, consent, token and email together; the token sets its password, once")
    func registration() async throws {
        let database = try AppDatabase.temporary()
        let store = SQLiteMembershipStore(database)
        let contact = try await store.registerPending(pending("digest-1"))
        #expect(!contact.verified)
        #expect(try await SQLiteIdentityRepository(database).passwordHash(of: contact.id) == nil)
        #expect(try await SQLiteConsentRepository(database).consents(of: contact.id).map(\.textVersion) == ["sha256:abc"])
        #expect(try await SQLiteOutboxRepository(database).pending().count == 1)
        #expect(try await store.unusedToken(digest: "digest-1", purpose: .registration, at: now)?.passwordHash == "hash")
        #expect(try await store.completeRegistration(tokenDigest: "digest-1", at: now.addingTimeInterval(10))?.verified == true)
        #expect(try await SQLiteIdentityRepository(database).passwordHash(of: contact.id) == "hash")
        #expect(try await store.completeRegistration(tokenDigest: "digest-1", at: now.addingTimeInterval(20)) == nil)
        #expect(try await store.unusedToken(digest: "digest-1", purpose: .registration, at: now) == nil)
    }

    @Test("Two registrations of a pending address: each link activates its own password; the other link dies")
    func competingRegistrations() async throws {
        let database = try AppDatabase.temporary()
        let store = SQLiteMembershipStore(database)
        let contact = try await store.registerPending(pending("carol-link", password: "carol-hash"))
        _ = try await store.registerPending(pending("mallory-link", password: "mallory-hash"))
        #expect(try await store.completeRegistration(tokenDigest: "carol-link", at: now)?.id == contact.id)
        #expect(try await SQLiteIdentityRepository(database).passwordHash(of: contact.id) == "carol-hash")
        #expect(try await store.completeRegistration(tokenDigest: "mallory-link", at: now) == nil)
        #expect(try await SQLiteIdentityRepository(database).passwordHash(of: contact.id) == "carol-hash")
    }

    @Test("Expired and wrong-purpose tokens are refused")
    func tokenRules() async throws {
        let store = SQLiteMembershipStore(try AppDatabase.temporary())
        _ = try await store.registerPending(pending("digest-2"))
        #expect(try await store.completeRegistration(tokenDigest: "digest-2", at: now.addingTimeInterval(3601)) == nil)
        #expect(try await store.resetPassword(tokenDigest: "digest-2", newPasswordHash: "x", at: now) == nil)
    }

    @Test("Many concurrent uses of one token: exactly one succeeds")
    func singleUseUnderConcurrency() async throws {
        let store = SQLiteMembershipStore(try AppDatabase.temporary())
        _ = try await store.registerPending(pending("digest-3"))
        let successes = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<16 { group.addTask { try await store.completeRegistration(tokenDigest: "digest-3", at: now) != nil } }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(successes == 1)
    }

    @Test("An SSO login takes over an unverified address: the pending password is discarded")
    func ssoClaimsUnverifiedAddress() async throws {
        let database = try AppDatabase.temporary()
        let store = SQLiteMembershipStore(database)
        let squatter = try await store.registerPending(pending("digest-4", password: "attacker-hash"))
        let identity = ExternalIdentity(kind: .saml, issuer: "https://idp", subject: "carol")
        let contact = try await store.linkExternalIdentity(identity, email: email, name: "Carol", at: now)
        #expect(contact.id == squatter.id && contact.verified)
        #expect(try await SQLiteIdentityRepository(database).passwordHash(of: contact.id) == nil)
        // The squatter's verification link died with the password.
        #expect(try await store.completeRegistration(tokenDigest: "digest-4", at: now) == nil)
        // Linking again finds the same contact.
        #expect(try await store.linkExternalIdentity(identity, email: email, name: "Carol", at: now).id == contact.id)
    }

    @Test("Invitations create a verified member of the list; password resets verify and replace the password")
    func invitationsAndResets() async throws {
        let database = try AppDatabase.temporary()
        let store = SQLiteMembershipStore(database)
        let list = try await SQLiteContactListRepository(database).createList(named: "Partners", at: now)
        let message = OutboxMessage(recipient: email, subject: "s", body: "b", createdAt: now)
        try await store.issueToken(
            IssuedToken(digest: "invite", purpose: .invitation, email: email, contactID: nil, listID: list.id, expiresAt: now + 3600, createdAt: now),
            message: message)
        let contact = try #require(
            try await store.acceptInvitation(
                InvitationAcceptance(tokenDigest: "invite", name: "Carol", passwordHash: "p1", consentVersion: nil, consentAccepted: false, at: now)))
        #expect(contact.verified)
        #expect(try await SQLiteContactRepository(database).listNames(of: contact.id) == ["Partners"])
        try await store.issueToken(
            IssuedToken(digest: "reset", purpose: .passwordReset, email: email, contactID: contact.id, expiresAt: now + 3600, createdAt: now),
            message: message)
        #expect(try await store.resetPassword(tokenDigest: "reset", newPasswordHash: "p2", at: now)?.id == contact.id)
        #expect(try await SQLiteIdentityRepository(database).passwordHash(of: contact.id) == "p2")
        #expect(try await SQLiteOutboxRepository(database).pending().count == 2)
    }
}
