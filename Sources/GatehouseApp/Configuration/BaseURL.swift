import Foundation

/// The public URL browsers and IdPs reach Gatehouse at: scheme, host and port, no path.
///
/// Plain http is accepted only for loopback hosts (the demo): everywhere else cookies must be
/// `Secure` and SAML responses must not cross the network in clear text.
public struct BaseURL: Sendable, Equatable, CustomStringConvertible {
    public let scheme: String
    public let host: String
    public let port: Int?

    public init(_ text: String) throws(ConfigurationError) {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            let host = components.host?.lowercased(), !host.isEmpty
        else {
            throw ConfigurationError(key: "portal.base_url", "\(text.debugDescription) is not an absolute URL like https://support.example.com")
        }
        guard scheme == "https" || scheme == "http" else {
            throw ConfigurationError(key: "portal.base_url", "the scheme must be https (or http on 127.0.0.1), not \(scheme)")
        }
        guard components.path.isEmpty || components.path == "/", components.query == nil, components.fragment == nil,
            components.user == nil, components.password == nil
        else {
            throw ConfigurationError(
                key: "portal.base_url",
                "give scheme, host and port only (\(text.debugDescription) has a path, query or user); use portal.path_prefix for a path")
        }
        self.scheme = scheme
        self.host = host
        self.port = components.port
        guard isHTTPS || isLoopback else {
            throw ConfigurationError(key: "portal.base_url", "plain http is only allowed on 127.0.0.1, ::1 or localhost; use https for \(host)")
        }
    }

    public var isHTTPS: Bool { scheme == "https" }

    public var isLoopback: Bool {
        host == "127.0.0.1" || host == "localhost" || host == "[::1]" || host == "::1"
    }

    /// `scheme://host[:port]`, as browsers send it in the `Origin` header.
    public var origin: String {
        let defaultPort = isHTTPS ? 443 : 80
        return "\(scheme)://\(host)" + (port.map { $0 == defaultPort ? "" : ":\($0)" } ?? "")
    }

    /// An absolute URL for a local path (which starts with `/`).
    public func url(_ path: String) -> String {
        origin + path
    }

    public var description: String { origin }
}
