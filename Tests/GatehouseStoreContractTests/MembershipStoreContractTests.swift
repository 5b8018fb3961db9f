import Foundation
import GatehouseCore
import Testing

@Suite struct MembershipStoreContractTests {
    let now = contractNow
    let email = EmailAddress("carol@example.com")!

    func pending(_ digest: String, name: String = "Carol", stamp: Int = 0, at time: Date? = nil) -> PendingRegistration {
        PendingRegistration(
            email: email, name: name, expectedStamp: stamp, consentVersion: "sha256:abc", consentAccepted: true, tokenDigest: digest,
            tokenExpiresAt: (time ?? now) + 3600, message: message(at: time), at: time ?? now)
    }

    func message(at time: Date? = nil) -> OutboxMessage {
        OutboxMessage(recipient: email, subject: "Your link", body: "https://portal.example.com/link", createdAt: time ?? now)
    }

    func reset(_ digest: String, for contact: Contact, at time: Date? = nil) -> IssuedToken {
        IssuedToken(
            digest: digest, purpose: .passwordReset, email: contact.email, contactID: contact.id, securityStamp: contact.securityStamp,
            expiresAt: (time ?? now) + 3600, createdAt: time ?? now)
    }

    func carol(_ repositories: Repositories) async throws -> Contact {
        try #require(try await repositories.contacts.contact(email: email))
    }

    @Test("Registration writes contact, consent, token and email together; its link sets the chosen password, once", arguments: StoreKind.testedKinds)
    func registration(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let store = repositories.membership
            #expect(try await store.registerPending(pending("digest-1"), emailCap: 5))
            let contact = try await carol(repositories)
            #expect(contact == Contact(id: contact.id, email: email, name: "Carol", verified: false, createdAt: now, securityStamp: 0))
            #expect(try await repositories.identities.passwordHash(of: contact.id) == nil)
            #expect(
                try await repositories.consents.consents(of: contact.id)
                    == [ConsentRecord(contactID: contact.id, textVersion: "sha256:abc", accepted: true, recordedAt: now)])
            #expect(try await repositories.outbox.pending().map(\.body) == [message().body])
            let token = try #require(try await store.unusedToken(digest: "digest-1", purpose: .registration, at: now))
            #expect(
                token
                    == IssuedToken(
                        digest: "digest-1", purpose: .registration, email: email, contactID: contact.id, name: "Carol", securityStamp: 0,
                        expiresAt: now + 3600, createdAt: now))
            // Looking at a token does not use it.
            #expect(try await store.unusedToken(digest: "digest-1", purpose: .registration, at: now + 1) == token)
            #expect(try await store.unusedToken(digest: "digest-1", purpose: .passwordReset, at: now) == nil)
            let change = try #require(
                try await store.completeRegistration(tokenDigest: "digest-1", passwordHash: "hash", at: now + 10, keepingSession: nil))
            var expected = contact
            expected.verified = true
            expected.securityStamp = 1
            #expect(change == CredentialChange(contact: expected, voidedTokens: 0, endedSessions: 0))
            #expect(try await repositories.contacts.contact(id: contact.id) == expected)
            #expect(try await repositories.identities.passwordHash(of: contact.id) == "hash")
            #expect(try await store.completeRegistration(tokenDigest: "digest-1", passwordHash: "other", at: now + 20, keepingSession: nil) == nil)
            #expect(try await store.unusedToken(digest: "digest-1", purpose: .registration, at: now) == nil)
            #expect(try await repositories.identities.passwordHash(of: contact.id) == "hash")
        }
    }

    @Test("A registration without consent stores none; an unknown token completes nothing", arguments: StoreKind.testedKinds)
    func registrationWithoutConsent(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories throws in
            var registration = pending("digest-1")
            registration.consentVersion = nil
            #expect(try await repositories.membership.registerPending(registration, emailCap: 5))
            #expect(try await repositories.consents.consents(of: try await carol(repositories).id) == [])
            #expect(
                try await repositories.membership.completeRegistration(tokenDigest: "nope", passwordHash: "h", at: now, keepingSession: nil) == nil)
        }
    }

    @Test(
        "Two registrations of a pending address: the first link used sets the password and the name, the other dies", arguments: StoreKind.testedKinds
    )
    func competingRegistrations(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let store = repositories.membership
            #expect(try await store.registerPending(pending("mallory-link", name: "Mallory"), emailCap: 5))
            #expect(try await store.registerPending(pending("carol-link"), emailCap: 5))
            #expect(try await repositories.contacts.allContacts().count == 1)
            #expect(try await repositories.consents.consents(of: try await carol(repositories).id).count == 2)
            let change = try #require(
                try await store.completeRegistration(tokenDigest: "carol-link", passwordHash: "carol-hash", at: now, keepingSession: nil))
            #expect(change.contact.name == "Carol" && change.voidedTokens == 1 && change.endedSessions == 0)
            #expect(try await store.completeRegistration(tokenDigest: "mallory-link", passwordHash: "x", at: now, keepingSession: nil) == nil)
            #expect(try await repositories.identities.passwordHash(of: change.contact.id) == "carol-hash")
        }
    }

    @Test(
        "Registering an address that is verified, or whose stamp moved on, is StoreError.conflict and writes nothing",
        arguments: StoreKind.testedKinds)
    func registrationConflicts(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let store = repositories.membership
            #expect(try await store.registerPending(pending("first"), emailCap: 5))
            await expectStoreError(.conflict) { try await store.registerPending(pending("stale", stamp: 1), emailCap: 5) }
            let contact = try await carol(repositories)
            try await repositories.contacts.markVerified(contact.id)
            await expectStoreError(.conflict) { try await store.registerPending(pending("verified"), emailCap: 5) }
            #expect(try await repositories.outbox.pending().count == 1)
            #expect(try await store.unusedToken(digest: "stale", purpose: .registration, at: now) == nil)
            #expect(try await store.unusedToken(digest: "verified", purpose: .registration, at: now) == nil)
        }
    }

    @Test("Tokens work until just before they expire, for their own purpose only", arguments: StoreKind.testedKinds)
    func tokenExpiryAndPurpose(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories throws in
            let store = repositories.membership
            #expect(try await store.registerPending(pending("digest-2"), emailCap: 5))
            #expect(try await store.unusedToken(digest: "digest-2", purpose: .registration, at: now + 3599) != nil)
            #expect(try await store.unusedToken(digest: "digest-2", purpose: .registration, at: now + 3600) == nil)
            #expect(try await store.completeRegistration(tokenDigest: "digest-2", passwordHash: "h", at: now + 3600, keepingSession: nil) == nil)
            #expect(try await store.completeRegistration(tokenDigest: "digest-2", passwordHash: "h", at: now + 3601, keepingSession: nil) == nil)
            #expect(try await store.resetPassword(tokenDigest: "digest-2", newPasswordHash: "x", at: now, keepingSession: nil) == nil)
            #expect(
                try await store.acceptInvitation(
                    InvitationAcceptance(tokenDigest: "digest-2", name: "X", passwordHash: "x", consentVersion: nil, consentAccepted: false, at: now))
                    == nil)
            // The refusals consumed nothing: the link still works for what it was made for.
            #expect(try await store.completeRegistration(tokenDigest: "digest-2", passwordHash: "h", at: now + 3599, keepingSession: nil) != nil)
        }
    }

    @Test("A token bound to an older stamp is refused at issue, and void once the stamp moves on without voiding", arguments: StoreKind.testedKinds)
    func stampBinding(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let store = repositories.membership
            let carol = try await repositories.newContact(email.value)
            try await repositories.identities.setPasswordHash("first", for: carol.id, at: now)
            await expectStoreError(.conflict) { try await store.issueToken(reset("stale", for: carol), message: message(), emailCap: 5) }
            #expect(try await repositories.outbox.pending() == [])
            let current = try #require(try await repositories.contacts.contact(id: carol.id))
            #expect(try await store.issueToken(reset("fresh", for: current), message: message(), emailCap: 5))
            // Removing the password moves the stamp on without voiding links: the stamp alone stops this one.
            try await repositories.identities.removePassword(of: carol.id)
            #expect(try await store.unusedToken(digest: "fresh", purpose: .passwordReset, at: now) == nil)
            #expect(try await store.resetPassword(tokenDigest: "fresh", newPasswordHash: "x", at: now, keepingSession: nil) == nil)
            let latest = try #require(try await repositories.contacts.contact(id: carol.id))
            #expect(try await store.issueToken(reset("latest", for: latest), message: message(), emailCap: 5))
            #expect(try await store.resetPassword(tokenDigest: "latest", newPasswordHash: "second", at: now, keepingSession: nil) != nil)
            await expectStoreError(.conflict) {
                try await store.issueToken(
                    reset("gone", for: Contact(id: carol.id + 1000, email: email, name: "", verified: true, createdAt: now)),
                    message: message(), emailCap: 5)
            }
        }
    }

    @Test("A token for an address without a contact is bound to stamp 0 of whoever registers the address", arguments: StoreKind.testedKinds)
    func tokenWithoutContact(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let store = repositories.membership
            let invitation = IssuedToken(digest: "invite", purpose: .invitation, email: email, contactID: nil, expiresAt: now + 3600, createdAt: now)
            #expect(try await store.issueToken(invitation, message: message(), emailCap: 5))
            #expect(try await store.unusedToken(digest: "invite", purpose: .invitation, at: now) == invitation)
            let contact = try await repositories.newContact(email.value)
            #expect(try await store.unusedToken(digest: "invite", purpose: .invitation, at: now) == invitation)
            try await repositories.identities.removePassword(of: contact.id)
            #expect(try await store.unusedToken(digest: "invite", purpose: .invitation, at: now) == nil)
        }
    }

    @Test("The hourly email cap: a capped token and email are not written at all; an hour later there is room", arguments: StoreKind.testedKinds)
    func emailCap(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let store = repositories.membership
            let carol = try await repositories.newContact(email.value)
            for index in 0..<3 { #expect(try await store.issueToken(reset("r\(index)", for: carol), message: message(), emailCap: 3)) }
            #expect(try await !store.issueToken(reset("r3", for: carol), message: message(), emailCap: 3))
            #expect(try await store.unusedToken(digest: "r3", purpose: .passwordReset, at: now) == nil)
            #expect(try await !store.registerPending(pending("p1"), emailCap: 3))
            #expect(try await repositories.outbox.pending().count == 3)
            #expect(try await store.issueToken(reset("r4", for: carol, at: now + 3599), message: message(at: now + 3599), emailCap: 3) == false)
            #expect(try await store.issueToken(reset("r5", for: carol, at: now + 3600), message: message(at: now + 3600), emailCap: 3))
            // Another address has its own cap.
            let dave = try await repositories.newContact("dave@example.com")
            let daveMessage = OutboxMessage(recipient: dave.email, subject: "s", body: "b", createdAt: now)
            #expect(try await store.issueToken(reset("d1", for: dave), message: daveMessage, emailCap: 1))
        }
    }
}
