import Crypto
import Foundation

/// The token of a notification's one-click unsubscribe link (RFC 8058): the address and an HMAC-SHA256
/// of it under the store's signing key, so the link works without a session, for as long as the key
/// lives, and for that address only. It needs no row per email sent, and changing a single character
/// of it (another address, a shortened MAC) makes it worthless.
public struct UnsubscribeToken: Sendable, Equatable {
    public let address: EmailAddress
    public let value: String

    /// What the MAC covers besides the address: the purpose and version, so a MAC made for anything
    /// else under the same key can never pass as this.
    static let context = "gatehouse.unsubscribe.v1\n"

    public init(address: EmailAddress, key: Data) {
        self.address = address
        let mac = HMAC<SHA256>.authenticationCode(for: Data((Self.context + address.value).utf8), using: SymmetricKey(data: key))
        value = CompactJWT.base64URLEncode(Data(address.value.utf8)) + "." + CompactJWT.base64URLEncode(Data(mac))
    }

    /// The address a token was made for, when its MAC is right under `key`; nil for anything else.
    public static func verify(_ token: String, key: Data) -> EmailAddress? {
        guard token.utf8.count <= 600 else { return nil }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let addressBytes = CompactJWT.base64URLDecode(parts[0]), let mac = CompactJWT.base64URLDecode(parts[1]),
            mac.count == 32,
            let text = String(validating: addressBytes, as: UTF8.self), let address = EmailAddress(text), address.value == text
        else { return nil }
        let valid = HMAC<SHA256>.isValidAuthenticationCode(
            Data(mac), authenticating: Data((context + address.value).utf8), using: SymmetricKey(data: key))
        return valid ? address : nil
    }
}
