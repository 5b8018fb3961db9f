import Foundation
import GatehouseCore
import GatehouseStore
import Testing

@Suite struct APITokenRepositoryTests {
    let now = Date(timeIntervalSince1970: 1_893_456_000)

    @Test("A token is found by its digest until it is revoked")
    func lookup() async throws {
        let tokens = SQLiteAPITokenRepository(try AppDatabase.temporary())
        let token = APIToken(digest: "sha256:aaa", name: "zendesk", createdAt: now)
        try await tokens.create(token)
        #expect(try await tokens.token(digest: "sha256:aaa") == token)
        #expect(try await tokens.token(digest: "sha256:AAA") == nil)
        #expect(try await tokens.token(digest: "sha256:bbb") == nil)
        #expect(try await tokens.token(digest: "zendesk") == nil)
        #expect(try await tokens.revoke(name: "zendesk", at: now + 60))
        #expect(try await tokens.token(digest: "sha256:aaa") == nil)
    }

    @Test("Revoking reports whether a live token was revoked: not twice, not an unknown name")
    func revoke() async throws {
        let tokens = SQLiteAPITokenRepository(try AppDatabase.temporary())
        try await tokens.create(APIToken(digest: "d1", name: "zendesk", createdAt: now))
        #expect(try await !tokens.revoke(name: "freshdesk", at: now))
        #expect(try await tokens.revoke(name: "zendesk", at: now + 60))
        #expect(try await !tokens.revoke(name: "zendesk", at: now + 120))
        #expect(try await tokens.all() == [APIToken(digest: "d1", name: "zendesk", createdAt: now, revokedAt: now + 60)])
    }

    @Test("Names and digests are unique, even for revoked tokens")
    func unique() async throws {
        let tokens = SQLiteAPITokenRepository(try AppDatabase.temporary())
        try await tokens.create(APIToken(digest: "d1", name: "zendesk", createdAt: now))
        await #expect(throws: StoreError.conflict("API token zendesk")) {
            try await tokens.create(APIToken(digest: "d2", name: "zendesk", createdAt: now))
        }
        await #expect(throws: StoreError.conflict("API token other")) {
            try await tokens.create(APIToken(digest: "d1", name: "other", createdAt: now))
        }
        _ = try await tokens.revoke(name: "zendesk", at: now)
        await #expect(throws: StoreError.conflict("API token zendesk")) {
            try await tokens.create(APIToken(digest: "d3", name: "zendesk", createdAt: now))
        }
        #expect(try await tokens.all().count == 1)
    }

    @Test("all lists every token, revoked ones included, by name")
    func all() async throws {
        let tokens = SQLiteAPITokenRepository(try AppDatabase.temporary())
        try await tokens.create(APIToken(digest: "d2", name: "zendesk", createdAt: now))
        try await tokens.create(APIToken(digest: "d1", name: "freshdesk", createdAt: now + 1))
        try await tokens.create(APIToken(digest: "d3", name: "jira", createdAt: now + 2))
        _ = try await tokens.revoke(name: "jira", at: now + 3)
        let listed = try await tokens.all()
        #expect(listed.map(\.name) == ["freshdesk", "jira", "zendesk"])
        #expect(listed.map(\.revokedAt) == [nil, now + 3, nil])
        #expect(listed.first == APIToken(digest: "d1", name: "freshdesk", createdAt: now + 1))
    }
}
