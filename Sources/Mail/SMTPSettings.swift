import NIOCore

/// Where and how to submit mail (RFC 6409): the server, its TLS, the credentials and the timeouts.
public struct SMTPSettings: Sendable {
    public enum Security: String, Sendable, CaseIterable {
        /// Plain connection upgraded with STARTTLS, which the server must offer (port 587).
        case startTLS = "starttls"
        /// TLS from the first byte (RFC 8314, port 465).
        case implicitTLS = "tls"
        /// No TLS: only for a relay on this machine (the configuration refuses it for other hosts), and
        /// never with credentials.
        case none
    }

    public var host: String
    public var port: Int
    public var security: Security
    /// PEM file of the certificate authorities to trust instead of the system's store.
    public var caFile: String?
    public var username: String?
    public var password: String?
    /// The name we greet with (EHLO).
    public var heloName: String
    /// Each step (connect, greeting, each command's reply); the end of DATA gets `dataTimeout`.
    public var commandTimeout: TimeAmount
    public var dataTimeout: TimeAmount

    public init(
        host: String, port: Int, security: Security = .startTLS, caFile: String? = nil, username: String? = nil, password: String? = nil,
        heloName: String, commandTimeout: TimeAmount = .seconds(30), dataTimeout: TimeAmount = .seconds(120)
    ) {
        self.host = host
        self.port = port
        self.security = security
        self.caFile = caFile
        self.username = username
        self.password = password
        self.heloName = heloName
        self.commandTimeout = commandTimeout
        self.dataTimeout = dataTimeout
    }
}
