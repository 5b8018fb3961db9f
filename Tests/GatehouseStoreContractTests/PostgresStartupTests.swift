import Foundation
import GatehouseStorePostgres
import Logging
import Testing

/// What `serve` says when it cannot use the configured PostgreSQL database: one line naming the key to fix.
@Suite struct PostgresStartupTests {
    @Test(arguments: [
        ("postgres://gatehouse:secret@db/gatehouse", "holds a password"),
        ("mysql://gatehouse@db/gatehouse", "is not a postgres://"),
        ("postgres://db/gatehouse", "names no user"),
        ("postgres://gatehouse@db", "names no database"),
        ("postgres://gatehouse@db/gatehouse?sslmode=prefer", "sslmode \"prefer\""),
        ("postgres://gatehouse@db/gatehouse?application_name=x", "unknown parameter"),
        ("postgres://gatehouse@db/gatehouse?sslmode=require&sslrootcert=/etc/hostname", "sslrootcert needs sslmode=verify-full"),
        ("postgres://gatehouse@db/gatehouse?sslrootcert=/nonexistent/ca.pem", "is not a readable file"),
    ])
    func malformedURLsAreRefused(url: String, expected: String) {
        #expect(throws: PostgresStoreConfiguration.Invalid.self) { try PostgresStoreConfiguration(url: url, password: nil) }
        do {
            _ = try PostgresStoreConfiguration(url: url, password: nil)
        } catch {
            #expect(error.description.contains(expected), "\(error.description)")
        }
    }

    @Test func aGoodURLParses() throws {
        let configuration = try PostgresStoreConfiguration(
            url: "postgresql://app%40corp@db.internal:6432/gate%20house?sslmode=disable", password: "pw")
        #expect(configuration.host == "db.internal" && configuration.port == 6432)
        #expect(configuration.username == "app@corp" && configuration.database == "gate house" && configuration.tls == .disable)
        #expect(try PostgresStoreConfiguration(url: "postgres://u@h/d", password: nil).tls == .verifyFull(caFile: nil))
    }

    @Test(.enabled(if: StoreKind.postgresURL != nil, "needs GATEHOUSE_TEST_POSTGRES_URL"))
    func connectionFailuresNameTheKey() async throws {
        let url = try #require(StoreKind.postgresURL)
        let password = StoreKind.environment["GATEHOUSE_TEST_POSTGRES_PASSWORD"]
        let wrongPassword = try await Self.startupError(url, password: "not-the-password")
        #expect(wrongPassword?.key == "database.password" && wrongPassword?.message.contains("refused the password") == true)
        let missing = try await Self.startupError(url.replacingOccurrences(of: "/gatehouse?", with: "/no_such_database?"), password: password)
        #expect(missing?.key == "database.url" && missing?.message.contains("does not exist") == true, "\(String(describing: missing))")
        var components = try #require(URLComponents(string: url))
        components.port = 1
        let unreachable = try await Self.startupError(try #require(components.string), password: password)
        #expect(unreachable?.key == "database.url" && unreachable?.message.contains("cannot connect") == true, "\(String(describing: unreachable))")
        #expect(try await Self.startupError(url, password: password) == nil)
    }

    @Test(.enabled(if: StoreKind.postgresURL != nil, "needs GATEHOUSE_TEST_POSTGRES_URL"))
    func aSchemaOlderOrNewerThanTheBinaryIsRefused() async throws {
        try await withPostgresStore(prefix: "s_", migrated: false) { store in
            await #expect { try await store.checkSchema() } throws: {
                ($0 as? PostgresStartupError)?.message.contains("gatehouse db migrate") == true
            }
            try await store.migrate()
            try await store.checkSchema()
            try await store.execute(unsafeSQL: "INSERT INTO gatehouse_migrations (name, appliedAt) VALUES ('v99-from-the-future', now())")
            await #expect { try await store.checkSchema() } throws: { ($0 as? PostgresStartupError)?.message.contains("newer Gatehouse") == true }
        }
    }

    static func startupError(_ url: String, password: String?) async throws -> PostgresStartupError? {
        let store = PostgresStore(configuration: try PostgresStoreConfiguration(url: url, password: password), logger: Logger(label: "test"))
        do {
            try await store.checkConnection()
            return nil
        } catch {
            return error
        }
    }
}
