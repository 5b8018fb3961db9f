import Foundation

/// The name of one running process among several behind a load balancer (`server.instance_id`). It is in
/// every log line of `serve` (metadata `instance`), in the body of `/readyz` and in `/metrics`
/// (`gatehouse_instance_info{instance=…}`), so an operator can tell which instance answered.
///
/// 1 to 64 characters of `A-Z a-z 0-9 . _ -`: safe in a log field, a Prometheus label and a plain-text body
/// without escaping.
public enum InstanceID {
    public static let maximumLength = 64

    public static func isValid(_ text: String) -> Bool {
        (1...maximumLength).contains(text.utf8.count) && text.utf8.allSatisfy(isAllowed)
    }

    /// The host name, a hyphen and 6 random hex digits (`web-1-3fa9c2`): readable, and distinct for two
    /// processes on one host. Bytes of the host name outside the allowed set become `-`; it is shortened so
    /// the whole stays within 64 characters.
    public static func generated(
        hostName: String = ProcessInfo.processInfo.hostName, using generator: inout some RandomNumberGenerator
    ) -> String {
        let suffix = String(UInt32.random(in: 0...0xFF_FFFF, using: &generator), radix: 16)
        let padded = String(repeating: "0", count: 6 - suffix.count) + suffix
        var host = String(decoding: hostName.utf8.prefix(maximumLength - 7).map { isAllowed($0) ? $0 : UInt8(ascii: "-") }, as: UTF8.self)
        if host.isEmpty { host = "gatehouse" }
        return host + "-" + padded
    }

    /// ``generated(hostName:using:)`` with the system's random number generator.
    public static func generated(hostName: String = ProcessInfo.processInfo.hostName) -> String {
        var generator = SystemRandomNumberGenerator()
        return generated(hostName: hostName, using: &generator)
    }

    private static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        case UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
            true
        default:
            false
        }
    }
}
