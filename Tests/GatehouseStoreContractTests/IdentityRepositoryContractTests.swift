import Foundation
import GatehouseCore
import Testing

@Suite struct IdentityRepositoryContractTests {
    let now = contractNow
    let okta = ExternalIdentity(kind: .saml, issuer: "https://okta.example.com", subject: "alice")

    @Test("An external identity belongs to one contact; linking it again is StoreError.conflict", arguments: StoreKind.testedKinds)
    func links(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let identities = repositories.identities
            let alice = try await repositories.newContact("alice@example.com")
            let bob = try await repositories.newContact("bob@example.com")
            #expect(try await identities.contactID(for: okta) == nil)
            try await identities.link(okta, to: alice.id, at: now)
            #expect(try await identities.contactID(for: okta) == alice.id)
            await expectStoreError(.conflict) { try await identities.link(okta, to: bob.id, at: now) }
            await expectStoreError(.conflict) { try await identities.link(okta, to: alice.id, at: now) }
            #expect(try await identities.contactID(for: okta) == alice.id)
        }
    }

    @Test("Kind, issuer and subject together name an identity; subjects are compared exactly", arguments: StoreKind.testedKinds)
    func identityKey(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let identities = repositories.identities
            let alice = try await repositories.newContact("alice@example.com")
            let bob = try await repositories.newContact("bob@example.com")
            try await identities.link(okta, to: alice.id, at: now)
            let jwt = ExternalIdentity(kind: .jwt, issuer: okta.issuer, subject: okta.subject)
            let otherIssuer = ExternalIdentity(kind: .saml, issuer: "https://azure.example.com", subject: okta.subject)
            let otherCase = ExternalIdentity(kind: .saml, issuer: okta.issuer, subject: "Alice")
            for identity in [jwt, otherIssuer, otherCase] { #expect(try await identities.contactID(for: identity) == nil) }
            try await identities.link(jwt, to: bob.id, at: now)
            try await identities.link(otherIssuer, to: alice.id, at: now)
            try await identities.link(otherCase, to: bob.id, at: now)
            #expect(try await identities.contactID(for: okta) == alice.id)
            #expect(try await identities.contactID(for: jwt) == bob.id)
            #expect(try await identities.contactID(for: otherIssuer) == alice.id)
            #expect(try await identities.contactID(for: otherCase) == bob.id)
        }
    }

    @Test("One password per contact: setting replaces it, removing deletes it, other contacts keep theirs", arguments: StoreKind.testedKinds)
    func passwords(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let identities = repositories.identities
            let alice = try await repositories.newContact("alice@example.com")
            let bob = try await repositories.newContact("bob@example.com")
            #expect(try await identities.passwordHash(of: alice.id) == nil)
            try await identities.setPasswordHash("$2b$12$first", for: alice.id, at: now)
            try await identities.setPasswordHash("$2b$12$second", for: alice.id, at: now + 1)
            try await identities.setPasswordHash("$2b$12$bob", for: bob.id, at: now)
            #expect(try await identities.passwordHash(of: alice.id) == "$2b$12$second")
            #expect(try await identities.passwordHash(of: bob.id) == "$2b$12$bob")
            try await identities.removePassword(of: alice.id)
            try await identities.removePassword(of: alice.id)
            #expect(try await identities.passwordHash(of: alice.id) == nil)
            #expect(try await identities.passwordHash(of: bob.id) == "$2b$12$bob")
            #expect(try await identities.passwordHash(of: bob.id + 1000) == nil)
        }
    }

    @Test("Setting and removing a password move the security stamp on; linking through the repository does not", arguments: StoreKind.testedKinds)
    func stamps(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let identities = repositories.identities
            let alice = try await repositories.newContact("alice@example.com")
            try await identities.link(okta, to: alice.id, at: now)
            #expect(try await repositories.contacts.contact(id: alice.id)?.securityStamp == 0)
            try await identities.setPasswordHash("h1", for: alice.id, at: now)
            #expect(try await repositories.contacts.contact(id: alice.id)?.securityStamp == 1)
            try await identities.setPasswordHash("h2", for: alice.id, at: now)
            #expect(try await repositories.contacts.contact(id: alice.id)?.securityStamp == 2)
            try await identities.removePassword(of: alice.id)
            #expect(try await repositories.contacts.contact(id: alice.id)?.securityStamp == 3)
        }
    }

    @Test("A password set through the repository ends every session of the contact and voids its unused links", arguments: StoreKind.testedKinds)
    func setPasswordEndsSessions(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let alice = try await repositories.newContact("alice@example.com")
            let bob = try await repositories.newContact("bob@example.com")
            for key in ["laptop", "phone"] {
                try await repositories.sessions.set(keyDigest: key, value: Data(key.utf8), expiresAt: now + 600, contactID: alice.id)
            }
            try await repositories.sessions.set(keyDigest: "bob", value: Data(), expiresAt: now + 600, contactID: bob.id)
            try await repositories.sessions.set(keyDigest: "anonymous", value: Data(), expiresAt: now + 600, contactID: nil)
            let reset = IssuedToken(
                digest: "reset", purpose: .passwordReset, email: alice.email, contactID: alice.id, expiresAt: now + 3600, createdAt: now)
            let message = OutboxMessage(recipient: alice.email, subject: "Reset", body: "link", createdAt: now)
            #expect(try await repositories.membership.issueToken(reset, message: message, emailCap: 5))
            try await repositories.identities.setPasswordHash("admin-set", for: alice.id, at: now)
            #expect(try await repositories.sessions.load(keyDigest: "laptop", now: now)?.value == nil)
            #expect(try await repositories.sessions.load(keyDigest: "phone", now: now)?.value == nil)
            #expect(try await repositories.sessions.load(keyDigest: "bob", now: now)?.value == Data())
            #expect(try await repositories.sessions.load(keyDigest: "anonymous", now: now)?.value == Data())
            #expect(try await repositories.membership.unusedToken(digest: "reset", purpose: .passwordReset, at: now) == nil)
        }
    }
}
