internal import COpenSSL

/// Drains OpenSSL's thread-local error queue into one line naming the failing call.
///
/// Called after every failed OpenSSL call so a stale error never leaks into the next operation.
enum OpenSSLError {
    static func drain(_ function: String) -> String {
        var details: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            details.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        ERR_clear_error()
        return details.isEmpty ? "\(function) failed" : "\(function) failed: \(details.joined(separator: "; "))"
    }

    /// Forgets queued errors after a call whose failure is an expected outcome (a signature that does not verify).
    static func clear() {
        ERR_clear_error()
    }
}
