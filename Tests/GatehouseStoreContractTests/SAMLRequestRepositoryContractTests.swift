import Foundation
import GatehouseCore
import Testing

@Suite struct SAMLRequestRepositoryContractTests {
    let now = contractNow

    func request(_ id: String, browser: String = "browser-a", expiresIn lifetime: TimeInterval = 600) -> PendingSAMLRequest {
        PendingSAMLRequest(
            requestID: id, identityProvider: "https://idp.example.com/saml", browserKeyDigest: browser, returnTo: "/tickets?page=2&status=open",
            createdAt: now, expiresAt: now + lifetime)
    }

    @Test("A request is taken once, only by the browser that made it, with every field", arguments: StoreKind.testedKinds)
    func takeOnce(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let requests = repositories.samlRequests
            try await requests.track(request("_r1"))
            try await requests.track(request("_r2", browser: "browser-b"))
            #expect(try await requests.take(requestID: "_r1", browserKeyDigest: "browser-b", at: now) == nil)
            #expect(try await requests.take(requestID: "_unknown", browserKeyDigest: "browser-a", at: now) == nil)
            #expect(try await requests.take(requestID: "_r1", browserKeyDigest: "browser-a", at: now) == request("_r1"))
            #expect(try await requests.take(requestID: "_r1", browserKeyDigest: "browser-a", at: now) == nil)
            #expect(try await requests.take(requestID: "_r2", browserKeyDigest: "browser-b", at: now + 599) == request("_r2", browser: "browser-b"))
        }
    }

    @Test("A request past its expiry is nil, and gone", arguments: StoreKind.testedKinds)
    func expiry(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let requests = repositories.samlRequests
            try await requests.track(request("_r1", expiresIn: 60))
            try await requests.track(request("_r2", expiresIn: 60))
            #expect(try await requests.take(requestID: "_r1", browserKeyDigest: "browser-a", at: now + 60) == nil)
            #expect(try await requests.take(requestID: "_r1", browserKeyDigest: "browser-a", at: now) == nil)
            #expect(try await requests.take(requestID: "_r2", browserKeyDigest: "browser-a", at: now + 61) == nil)
        }
    }

    @Test("Twenty concurrent takes of one request: exactly one gets it", arguments: StoreKind.testedKinds)
    func takeUnderConcurrency(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            try await repositories.samlRequests.track(request("_race"))
            let now = now
            let taken = try await concurrently(20) { _ in
                try await repositories.samlRequests.take(requestID: "_race", browserKeyDigest: "browser-a", at: now)
            }
            #expect(taken.compactMap { $0 } == [request("_race")])
        }
    }
}
