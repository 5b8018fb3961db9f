import Foundation
import GatehouseCore
import Testing

@Suite struct APITokenRepositoryContractTests {
    let now = contractNow

    @Test("A token is found by its exact digest until it is revoked", arguments: StoreKind.testedKinds)
    func lookup(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let tokens = repositories.apiTokens
            let token = APIToken(digest: "sha256:aaa", name: "zendesk", createdAt: now)
            try await tokens.create(token)
            #expect(try await tokens.token(digest: "sha256:aaa") == token)
            #expect(try await tokens.token(digest: "sha256:AAA") == nil)
            #expect(try await tokens.token(digest: "sha256:bbb") == nil)
            #expect(try await tokens.token(digest: "zendesk") == nil)
            #expect(try await tokens.revoke(name: "zendesk", at: now + 60))
            #expect(try await tokens.token(digest: "sha256:aaa") == nil)
        }
    }

    @Test("Revoking reports whether a live token was revoked: not twice, not an unknown name", arguments: StoreKind.testedKinds)
    func revoke(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let tokens = repositories.apiTokens
            try await tokens.create(APIToken(digest: "d1", name: "zendesk", createdAt: now))
            #expect(try await !tokens.revoke(name: "freshdesk", at: now))
            #expect(try await !tokens.revoke(name: "ZENDESK", at: now))
            #expect(try await tokens.revoke(name: "zendesk", at: now + 60))
            #expect(try await !tokens.revoke(name: "zendesk", at: now + 120))
            #expect(try await tokens.all() == [APIToken(digest: "d1", name: "zendesk", createdAt: now, revokedAt: now + 60)])
        }
    }

    @Test("A taken name or digest is StoreError.conflict, even when its token was revoked", arguments: StoreKind.testedKinds)
    func unique(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let tokens = repositories.apiTokens
            try await tokens.create(APIToken(digest: "d1", name: "zendesk", createdAt: now))
            await expectStoreError(.conflict) { try await tokens.create(APIToken(digest: "d2", name: "zendesk", createdAt: now)) }
            await expectStoreError(.conflict) { try await tokens.create(APIToken(digest: "d1", name: "other", createdAt: now)) }
            _ = try await tokens.revoke(name: "zendesk", at: now)
            await expectStoreError(.conflict) { try await tokens.create(APIToken(digest: "d3", name: "zendesk", createdAt: now)) }
            #expect(try await tokens.all().map(\.name) == ["zendesk"])
            #expect(try await tokens.token(digest: "d2") == nil)
        }
    }

    @Test("all lists every token, revoked ones included, by name", arguments: StoreKind.testedKinds)
    func all(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let tokens = repositories.apiTokens
            #expect(try await tokens.all() == [])
            try await tokens.create(APIToken(digest: "d2", name: "zendesk", createdAt: now))
            try await tokens.create(APIToken(digest: "d1", name: "freshdesk", createdAt: now + 1))
            try await tokens.create(APIToken(digest: "d3", name: "Jira", createdAt: now + 2))
            _ = try await tokens.revoke(name: "Jira", at: now + 3)
            // By name, exactly as written (names are compared exactly).
            let all = try await tokens.all()
            #expect(all.map(\.name) == ["Jira", "freshdesk", "zendesk"])
            #expect(
                all == [
                    APIToken(digest: "d3", name: "Jira", createdAt: now + 2, revokedAt: now + 3),
                    APIToken(digest: "d1", name: "freshdesk", createdAt: now + 1),
                    APIToken(digest: "d2", name: "zendesk", createdAt: now),
                ])
        }
    }
}
