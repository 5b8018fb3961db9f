import Foundation
import GatehouseCore
import Testing

@Suite struct JWTAppRegistryContractTests {
    let now = contractNow

    func app(_ id: String, algorithm: JWTApp.Algorithm = .hs256, key: String = "secret", at date: Date? = nil) -> JWTApp {
        JWTApp(id: id, algorithm: algorithm, key: key, issuer: "https://\(id).example.com", audience: "gatehouse", maxAge: 300, addedAt: date ?? now)
    }

    @Test("Apps round-trip with every field and algorithm, listed by id", arguments: StoreKind.testedKinds)
    func roundTrip(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let registry = repositories.jwtApps
            #expect(try await registry.all() == [])
            let pem = "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----\n"
            let apps = [
                app("Shop", algorithm: .rs256, key: pem), app("helpdesk", at: now + 1), app("crm", algorithm: .es256, key: pem, at: now + 2),
                JWTApp(id: "legacy", algorithm: .hs256, key: "k", issuer: "i", audience: "a", maxAge: 0.5, addedAt: now),
            ]
            for app in apps { try await registry.save(app) }
            // By id, exactly as written (ids are compared exactly).
            let all = try await registry.all()
            #expect(all.map(\.id) == ["Shop", "crm", "helpdesk", "legacy"])
            #expect(all == apps.sorted { $0.id < $1.id })
        }
    }

    @Test("Saving an id again replaces the app; remove reports whether one was removed", arguments: StoreKind.testedKinds)
    func replaceAndRemove(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let registry = repositories.jwtApps
            try await registry.save(app("helpdesk"))
            let replaced = JWTApp(id: "helpdesk", algorithm: .es256, key: "pem", issuer: "new", audience: "other", maxAge: 60, addedAt: now + 60)
            try await registry.save(replaced)
            try await registry.save(app("crm"))
            #expect(try await registry.all() == [app("crm"), replaced])
            #expect(try await !registry.remove(id: "HELPDESK"))
            #expect(try await registry.remove(id: "helpdesk"))
            #expect(try await !registry.remove(id: "helpdesk"))
            #expect(try await registry.all() == [app("crm")])
        }
    }

    @Test("The revision changes when an app is added, replaced or removed, and only then", arguments: StoreKind.testedKinds)
    func revision(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let registry = repositories.jwtApps
            var seen = [try await registry.revision()]
            try await registry.save(app("helpdesk"))
            seen.append(try await registry.revision())
            try await registry.save(app("crm"))
            seen.append(try await registry.revision())
            #expect(try await registry.revision() == seen.last)
            try await registry.save(app("helpdesk", key: "rotated", at: now + 60))
            seen.append(try await registry.revision())
            #expect(try await registry.remove(id: "crm"))
            seen.append(try await registry.revision())
            #expect(try await registry.remove(id: "helpdesk"))
            seen.append(try await registry.revision())
            #expect(Set(seen.dropLast()).count == seen.count - 1, "\(seen)")
            #expect(seen[seen.count - 1] != seen[seen.count - 2])
            #expect(try await registry.revision() == seen.last)
        }
    }
}
