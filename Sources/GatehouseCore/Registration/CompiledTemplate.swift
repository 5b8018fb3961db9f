/// A text with `{{name}}` placeholders, split once into literal runs and placeholders, so that filling it
/// in (a notification on every reply) is a concatenation instead of a search through the text. One pass:
/// values are never scanned again, unknown placeholders are left as written. Account emails
/// (``EmailTemplate``) and notifications both fill their texts with it.
public struct CompiledTemplate: Sendable {
    enum Part: Sendable {
        case text(String)
        case value(String)
    }

    let parts: [Part]

    public init(_ text: String) {
        var parts: [Part] = []
        var rest = Substring(text)
        while let open = rest.firstRange(of: "{{") {
            let afterOpen = rest[open.upperBound...]
            guard let close = afterOpen.firstRange(of: "}}") else { break }
            let name = afterOpen[..<close.lowerBound]
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0 == "_" }) else {
                parts.append(.text(String(rest[..<open.upperBound])))
                rest = afterOpen
                continue
            }
            if open.lowerBound > rest.startIndex { parts.append(.text(String(rest[..<open.lowerBound]))) }
            parts.append(.value(String(name)))
            rest = afterOpen[close.upperBound...]
        }
        if !rest.isEmpty { parts.append(.text(String(rest))) }
        self.parts = parts
    }

    /// `values` by placeholder name (without the braces).
    public func render(_ values: [String: String]) -> String {
        var output = ""
        for part in parts {
            switch part {
            case .text(let text): output += text
            case .value(let name): output += values[name] ?? "{{\(name)}}"
            }
        }
        return output
    }
}
