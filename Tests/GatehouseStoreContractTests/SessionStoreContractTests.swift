import Foundation
import GatehouseCore
import Testing

@Suite struct SessionStoreContractTests {
    let now = contractNow

    @Test("A session reads back byte for byte until its expiry, and never after", arguments: StoreKind.testedKinds)
    func expiry(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let sessions = repositories.sessions
            let value = Data((0...255).map { UInt8($0) } + Array("{\"contactID\":1}".utf8))
            #expect(try await sessions.load(keyDigest: "k", now: now)?.value == nil)
            try await sessions.set(keyDigest: "k", value: value, expiresAt: now + 60, contactID: nil)
            #expect(try await sessions.load(keyDigest: "k", now: now)?.value == value)
            #expect(try await sessions.load(keyDigest: "k", now: now + 59)?.value == value)
            #expect(try await sessions.load(keyDigest: "k", now: now + 60)?.value == nil)
            #expect(try await sessions.load(keyDigest: "k", now: now + 61)?.value == nil)
            #expect(try await sessions.load(keyDigest: "K", now: now)?.value == nil)
            try await sessions.set(keyDigest: "forever", value: Data(), expiresAt: nil, contactID: nil)
            #expect(try await sessions.load(keyDigest: "forever", now: now + 100 * 365 * 86_400)?.value == Data())
        }
    }

    @Test("load reads a session with the contact it names, until its expiry; no contact when it names none", arguments: StoreKind.testedKinds)
    func loadWithContact(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let sessions = repositories.sessions
            let alice = try await repositories.newContact("alice@example.com")
            #expect(try await sessions.load(keyDigest: "k", now: now) == nil)
            try await sessions.set(keyDigest: "k", value: Data("a".utf8), expiresAt: now + 60, contactID: alice.id)
            try await sessions.set(keyDigest: "anonymous", value: Data("b".utf8), expiresAt: nil, contactID: nil)
            let loaded = try #require(try await sessions.load(keyDigest: "k", now: now + 59))
            #expect(loaded.value == Data("a".utf8))
            #expect(loaded.contactID == alice.id)
            #expect(loaded.contact == (try await repositories.contacts.contact(id: alice.id)))
            #expect(try await sessions.load(keyDigest: "k", now: now + 60) == nil)
            #expect(try await sessions.load(keyDigest: "anonymous", now: now) == LoadedSession(value: Data("b".utf8), contactID: nil, contact: nil))
        }
    }

    @Test("Setting a session again replaces its value, expiry and contact", arguments: StoreKind.testedKinds)
    func replace(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let sessions = repositories.sessions
            let alice = try await repositories.newContact("alice@example.com")
            try await sessions.set(keyDigest: "k", value: Data("old".utf8), expiresAt: now + 60, contactID: nil)
            try await sessions.set(keyDigest: "k", value: Data("new".utf8), expiresAt: now + 600, contactID: alice.id)
            #expect(try await sessions.load(keyDigest: "k", now: now + 120)?.value == Data("new".utf8))
            // Now it belongs to Alice: her password change ends it.
            try await repositories.identities.setPasswordHash("h", for: alice.id, at: now)
            #expect(try await sessions.load(keyDigest: "k", now: now)?.value == nil)
            try await sessions.set(keyDigest: "k2", value: Data("a".utf8), expiresAt: nil, contactID: alice.id)
            try await sessions.set(keyDigest: "k2", value: Data("b".utf8), expiresAt: nil, contactID: nil)
            try await repositories.identities.setPasswordHash("h2", for: alice.id, at: now)
            #expect(try await sessions.load(keyDigest: "k2", now: now)?.value == Data("b".utf8))
        }
    }

    @Test("Removing a session ends it; removing one that does not exist does nothing", arguments: StoreKind.testedKinds)
    func remove(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let sessions = repositories.sessions
            try await sessions.set(keyDigest: "k", value: Data("x".utf8), expiresAt: nil, contactID: nil)
            try await sessions.set(keyDigest: "other", value: Data("y".utf8), expiresAt: nil, contactID: nil)
            try await sessions.remove(keyDigest: "k")
            try await sessions.remove(keyDigest: "k")
            try await sessions.remove(keyDigest: "missing")
            #expect(try await sessions.load(keyDigest: "k", now: now)?.value == nil)
            #expect(try await sessions.load(keyDigest: "other", now: now)?.value == Data("y".utf8))
        }
    }

    @Test("purgeExpired deletes the sessions expired by then and counts them", arguments: StoreKind.testedKinds)
    func purgeExpired(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let sessions = repositories.sessions
            try await sessions.set(keyDigest: "a", value: Data(), expiresAt: now + 10, contactID: nil)
            try await sessions.set(keyDigest: "b", value: Data(), expiresAt: now + 60, contactID: nil)
            try await sessions.set(keyDigest: "c", value: Data("c".utf8), expiresAt: now + 61, contactID: nil)
            try await sessions.set(keyDigest: "d", value: Data("d".utf8), expiresAt: nil, contactID: nil)
            #expect(try await sessions.purgeExpired(now: now) == 0)
            #expect(try await sessions.purgeExpired(now: now + 60) == 2)
            #expect(try await sessions.purgeExpired(now: now + 60) == 0)
            #expect(try await sessions.load(keyDigest: "c", now: now + 60)?.value == Data("c".utf8))
            #expect(try await sessions.load(keyDigest: "d", now: now + 60)?.value == Data("d".utf8))
        }
    }
}
