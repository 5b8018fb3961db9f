import Foundation
import Hummingbird

/// An `application/x-www-form-urlencoded` body (WHATWG URL §5.1). A field sent twice is treated as
/// absent: forms here never repeat a field, and picking one copy would let a proxy and the app
/// disagree about the value.
struct FormFields: Sendable {
    private var values: [String: String] = [:]
    private var repeated: Set<String> = []

    init(_ body: String) {
        for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]) else { continue }
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            guard let value else {
                repeated.insert(name)
                continue
            }
            if values.updateValue(value, forKey: name) != nil { repeated.insert(name) }
        }
    }

    subscript(_ name: String) -> String? {
        repeated.contains(name) ? nil : values[name]
    }

    private static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}

extension FormFields {
    /// The fields of a request whose body ``FormPostMiddleware`` (or the ACS handler) already collected.
    static func of(_ request: Request, limit: Int) async throws -> FormFields {
        FormFields(String(buffer: try await request.body.collect(upTo: limit)))
    }
}
