import GatehouseCore
import Hummingbird

/// A JSON request body read strictly: `application/json`, within the size limit, parsed by
/// ``StrictJSONParser`` (a repeated member name is refused rather than resolved), an object whose
/// members are all known, each of the expected type.
struct JSONRequestBody: Sendable {
    static let limit = 160 * 1024
    let members: [String: JSONValue]

    static func of(_ request: Request, allowed: Set<String>) async throws -> JSONRequestBody {
        guard request.headers[.contentType]?.lowercased().hasPrefix("application/json") == true else {
            throw APIError.invalid("The body must be application/json.")
        }
        var request = request
        let buffer = try await request.collectBody(upTo: limit)
        let value: JSONValue
        do {
            value = try StrictJSONParser().parse(Array(buffer.readableBytesView))
        } catch {
            throw APIError.invalid("The body is not valid JSON (or repeats a member).")
        }
        guard let members = value.objectValue else { throw APIError.invalid("The body must be a JSON object.") }
        if let unknown = members.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw APIError.invalid("Unknown member \"\(unknown.prefix(40))\".")
        }
        return JSONRequestBody(members: members)
    }

    func string(_ name: String, required: Bool = false) throws -> String? {
        guard let value = members[name], value != .null else {
            if required { throw APIError.invalid("Member \"\(name)\" is required.") }
            return nil
        }
        guard let text = value.stringValue else { throw APIError.invalid("Member \"\(name)\" must be a string.") }
        return text
    }
}
