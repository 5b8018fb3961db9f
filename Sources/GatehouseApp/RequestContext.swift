import Foundation
import GatehouseCore
import Hummingbird
import HummingbirdAuth
import NIOCore

/// The one request context of the app: the session (hummingbird-auth), the signed-in contact once
/// ``SessionAuthenticationMiddleware`` has checked it, the page language and the client address.
public struct AppRequestContext: RequestContext, SessionRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let sessions: SessionContext<PortalSession>
    /// Set by ``SessionAuthenticationMiddleware`` on portal routes.
    public var contact: Contact?
    public var language: Language
    /// The JSON API client's token name, set by ``APITokenMiddleware``.
    public var apiClient: String?
    /// The requested path and query, for links back to this page (set by ``PageMiddleware``).
    public var path: String
    /// The client's IP address, for throttling and audit: the peer's, or — when the peer is a configured
    /// trusted proxy — the nearest untrusted `X-Forwarded-For` entry (set by ``PageMiddleware``).
    /// "unknown" when the transport has none (in-process tests).
    public var clientAddress: String
    /// The TCP peer's address.
    public let peerAddress: String

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        sessions = .init()
        contact = nil
        language = .en
        apiClient = nil
        path = "/"
        peerAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
        clientAddress = peerAddress
    }

    /// Form posts are small; SAML responses get their own limit in the ACS handler.
    public var maxUploadSize: Int { 1 << 20 }
}
