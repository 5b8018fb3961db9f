import Foundation
import GatehouseCore
import Testing

extension MembershipStoreContractTests {
    /// Issue 9, item 1, at the store: a confirmation link issued before a password was set can never
    /// replace that password, however the password was set.
    @Test("Pre-account takeover: a reset voids the older confirmation link, which then cannot set a password", arguments: StoreKind.testedKinds)
    func resetVoidsOlderConfirmation(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let store = repositories.membership
            #expect(try await store.registerPending(pending("attacker-confirmation", name: "Attacker"), emailCap: 5))
            let pendingContact = try await carol(repositories)
            #expect(try await store.issueToken(reset("victim-reset", for: pendingContact), message: message(), emailCap: 5))
            let change = try #require(
                try await store.resetPassword(tokenDigest: "victim-reset", newPasswordHash: "victim", at: now, keepingSession: nil))
            #expect(change.voidedTokens == 1)
            #expect(change.contact.verified && change.contact.securityStamp == 1 && change.contact.name == "Attacker")
            #expect(try await store.unusedToken(digest: "attacker-confirmation", purpose: .registration, at: now) == nil)
            #expect(
                try await store.completeRegistration(tokenDigest: "attacker-confirmation", passwordHash: "attacker", at: now, keepingSession: nil)
                    == nil)
            #expect(try await repositories.identities.passwordHash(of: change.contact.id) == "victim")
        }
    }

    /// Issue 9, item 2.
    @Test("Using the newer of two reset links voids the older one", arguments: StoreKind.testedKinds)
    func newerResetVoidsOlder(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let store = repositories.membership
            let carol = try await repositories.newContact(email.value)
            #expect(try await store.issueToken(reset("older", for: carol), message: message(), emailCap: 5))
            #expect(try await store.issueToken(reset("newer", for: carol, at: now + 60), message: message(at: now + 60), emailCap: 5))
            let change = try #require(try await store.resetPassword(tokenDigest: "newer", newPasswordHash: "p1", at: now + 120, keepingSession: nil))
            #expect(change.voidedTokens == 1)
            #expect(try await store.resetPassword(tokenDigest: "older", newPasswordHash: "p2", at: now + 180, keepingSession: nil) == nil)
            #expect(try await repositories.identities.passwordHash(of: carol.id) == "p1")
        }
    }

    /// Issue 9, item 3, at the store.
    @Test("Setting a password ends the account's sessions but the one that made the change; others' sessions stay", arguments: StoreKind.testedKinds)
    func passwordChangeEndsSessions(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let store = repositories.membership
            let sessions = repositories.sessions
            let carol = try await repositories.newContact(email.value)
            let dave = try await repositories.newContact("dave@example.com")
            for key in ["laptop", "phone", "here"] {
                try await sessions.set(keyDigest: key, value: Data(key.utf8), expiresAt: now + 600, contactID: carol.id)
            }
            try await sessions.set(keyDigest: "dave", value: Data("dave".utf8), expiresAt: now + 600, contactID: dave.id)
            #expect(try await store.issueToken(reset("pending-link", for: carol), message: message(), emailCap: 5))
            let change = try #require(
                try await store.changePassword(contactID: carol.id, expectedStamp: 0, newPasswordHash: "new", at: now, keepingSession: "here"))
            var expected = carol
            expected.securityStamp = 1
            #expect(change == CredentialChange(contact: expected, voidedTokens: 1, endedSessions: 2))
            #expect(try await sessions.load(keyDigest: "laptop", now: now)?.value == nil)
            #expect(try await sessions.load(keyDigest: "phone", now: now)?.value == nil)
            #expect(try await sessions.load(keyDigest: "here", now: now)?.value == Data("here".utf8))
            #expect(try await sessions.load(keyDigest: "dave", now: now)?.value == Data("dave".utf8))
            #expect(try await repositories.identities.passwordHash(of: carol.id) == "new")
            // A change made for an older state of the account, or of no account, does nothing.
            #expect(try await store.changePassword(contactID: carol.id, expectedStamp: 0, newPasswordHash: "x", at: now, keepingSession: nil) == nil)
            #expect(
                try await store.changePassword(contactID: carol.id + 1000, expectedStamp: 0, newPasswordHash: "x", at: now, keepingSession: nil)
                    == nil)
            #expect(try await repositories.identities.passwordHash(of: carol.id) == "new")
            // Without a session to keep, every session of the account ends.
            let again = try #require(
                try await store.changePassword(contactID: carol.id, expectedStamp: 1, newPasswordHash: "newer", at: now, keepingSession: nil))
            #expect(again.endedSessions == 1 && again.voidedTokens == 0 && again.contact.securityStamp == 2)
            #expect(try await sessions.load(keyDigest: "here", now: now)?.value == nil)
        }
    }

    @Test("A reset keeps the session it names; its CredentialChange counts the links and sessions it ended", arguments: StoreKind.testedKinds)
    func resetKeepsSession(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let store = repositories.membership
            let carol = try await repositories.newContact(email.value, verified: false)
            for key in ["a", "b", "c"] { try await repositories.sessions.set(keyDigest: key, value: Data(), expiresAt: nil, contactID: carol.id) }
            for digest in ["other-1", "other-2", "used"] {
                #expect(try await store.issueToken(reset(digest, for: carol), message: message(), emailCap: 5))
            }
            let change = try #require(try await store.resetPassword(tokenDigest: "used", newPasswordHash: "h", at: now, keepingSession: "b"))
            #expect(change.voidedTokens == 2 && change.endedSessions == 2)
            #expect(change.contact.verified && change.contact.securityStamp == 1)
            #expect(try await repositories.sessions.load(keyDigest: "b", now: now)?.value == Data())
            #expect(try await repositories.sessions.load(keyDigest: "a", now: now)?.value == nil)
        }
    }

    @Test("Twenty concurrent uses of one reset link: exactly one sets the password", arguments: StoreKind.testedKinds)
    func resetSingleUseUnderConcurrency(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let carol = try await repositories.newContact(email.value)
            #expect(try await repositories.membership.issueToken(reset("race", for: carol), message: message(), emailCap: 5))
            let now = now
            let changes = try await concurrently(20) { index in
                try await repositories.membership.resetPassword(tokenDigest: "race", newPasswordHash: "h\(index)", at: now, keepingSession: nil)
            }
            let winners = changes.compactMap { $0 }
            #expect(winners.count == 1)
            #expect(winners.first?.contact.securityStamp == 1)
            let hash = try #require(try await repositories.identities.passwordHash(of: carol.id))
            #expect((0..<20).map { "h\($0)" }.contains(hash))
            #expect(try await repositories.contacts.contact(id: carol.id)?.securityStamp == 1)
        }
    }

    @Test("Twenty concurrent uses of one confirmation link: exactly one completes the registration", arguments: StoreKind.testedKinds)
    func registrationSingleUseUnderConcurrency(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            #expect(try await repositories.membership.registerPending(pending("race"), emailCap: 5))
            let now = now
            let changes = try await concurrently(20) { index in
                try await repositories.membership.completeRegistration(tokenDigest: "race", passwordHash: "h\(index)", at: now, keepingSession: nil)
            }
            #expect(changes.compactMap { $0 }.count == 1)
            #expect(try await carol(repositories).securityStamp == 1)
        }
    }

    @Test("Twenty concurrent password changes from one stamp: exactly one lands", arguments: StoreKind.testedKinds)
    func changePasswordUnderConcurrency(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let carol = try await repositories.newContact(email.value)
            let now = now
            let changes = try await concurrently(20) { index in
                try await repositories.membership.changePassword(
                    contactID: carol.id, expectedStamp: 0, newPasswordHash: "h\(index)", at: now, keepingSession: nil)
            }
            #expect(changes.compactMap { $0 }.count == 1)
            #expect(try await repositories.contacts.contact(id: carol.id)?.securityStamp == 1)
        }
    }
}
