import Foundation

/// Where and how to reach the PostgreSQL server: parsed from `database.url`
/// (`postgres://user@host:port/database?sslmode=verify-full&sslrootcert=/path/ca.pem`), with the password
/// kept apart (a secret key or the environment, never the URL, which ends up in logs and shell history).
public struct PostgresStoreConfiguration: Sendable, Equatable {
    /// `sslmode` as libpq spells it; only the modes that mean something definite are accepted.
    public enum TLSMode: Sendable, Equatable {
        /// Plain TCP (a socket on the same host, or a network the admin trusts).
        case disable
        /// TLS, but any certificate: protects against eavesdropping, not against an active attacker.
        case require
        /// TLS with the server's certificate checked against `caFile` (or the system trust store) and its name.
        case verifyFull(caFile: String?)
    }

    /// Why a URL was refused, in words an admin can act on (the caller names the key).
    public struct Invalid: Error, Equatable, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }

    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var tls: TLSMode
    /// Connections per instance (PostgreSQL's `max_connections` is shared by the whole fleet).
    public var poolSize: Int = 10
    /// `statement_timeout` of every connection: a stuck query fails instead of holding a connection forever.
    public var statementTimeout: Duration = .seconds(5)
    public var connectTimeout: Duration = .seconds(5)
    /// A schema of its own for every connection (`search_path`), so tests can share one database.
    public var schema: String?

    /// Parses `postgres://` or `postgresql://` URLs; the password comes from `password`, never the URL.
    public init(url: String, password: String?) throws(Invalid) {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            scheme == "postgres" || scheme == "postgresql"
        else { throw Invalid("\(Self.redacted(url).debugDescription) is not a postgres://user@host:port/database URL") }
        guard components.password == nil else {
            throw Invalid("holds a password: put it in database.password (or GATEHOUSE_DATABASE_PASSWORD) instead of the URL")
        }
        guard let host = components.host, !host.isEmpty else { throw Invalid("names no host (postgres://user@host:port/database)") }
        guard let user = components.user, !user.isEmpty else { throw Invalid("names no user (postgres://user@host:port/database)") }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else { throw Invalid("names no database (postgres://user@host:port/database)") }
        let port = components.port ?? 5432
        guard (1...65_535).contains(port) else { throw Invalid("port \(port) is out of range") }
        var mode = "verify-full"
        var rootCertificate: String?
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode": mode = item.value ?? ""
            case "sslrootcert": rootCertificate = item.value
            default: throw Invalid("unknown parameter \(item.name.debugDescription) (known: sslmode, sslrootcert)")
            }
        }
        switch mode {
        case "disable": tls = .disable
        case "require": tls = .require
        case "verify-full":
            if let rootCertificate, !FileManager.default.isReadableFile(atPath: rootCertificate) {
                throw Invalid("sslrootcert \(rootCertificate.debugDescription) is not a readable file")
            }
            tls = .verifyFull(caFile: rootCertificate)
        default:
            throw Invalid("sslmode \(mode.debugDescription) is not one of disable, require, verify-full")
        }
        if rootCertificate != nil, tls != .verifyFull(caFile: rootCertificate) {
            throw Invalid("sslrootcert needs sslmode=verify-full")
        }
        self.host = host
        self.port = port
        self.username = user.removingPercentEncoding ?? user
        self.password = password
        self.database = database.removingPercentEncoding ?? database
    }

    /// `host:port/database` for messages and logs.
    public var location: String { "\(host):\(port)/\(database)" }

    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? "***"
    }
}
