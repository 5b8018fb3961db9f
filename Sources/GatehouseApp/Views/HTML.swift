/// Markup as UTF-8 bytes, built by string interpolation that escapes every interpolated value by default:
/// `"<td>\(ticket.subject)</td>"` writes the subject with `&`, `<`, `>`, `"` and `'` escaped byte by byte
/// (a quote followed by a combining mark is still a quote: see ``HTMLEscaping``). Markup that is already
/// safe enters only as another `HTML` value (itself built this way) or through the one explicit, greppable
/// spelling `\(trusted: TrustedHTML(…))`. Literal parts of the interpolation are the view's own markup.
struct HTML: ExpressibleByStringInterpolation, Sendable, Equatable {
    private(set) var bytes: [UInt8]

    init() { bytes = [] }

    init(stringLiteral literal: String) {
        var literal = literal
        bytes = literal.withUTF8 { Array($0) }
    }

    init(stringInterpolation: Interpolation) {
        bytes = stringInterpolation.bytes
    }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    mutating func append(_ other: HTML) {
        bytes.append(contentsOf: other.bytes)
    }

    /// Appends `text` escaped.
    mutating func append(escaping text: String) {
        Self.escape(text, into: &bytes)
    }

    /// The five characters of ``HTMLEscaping`` on UTF-8 bytes; NUL, which HTML parsers replace or drop,
    /// is written as U+FFFD so that what the browser shows is what was written. Runs of bytes that need no
    /// escaping (most of any text) are copied whole.
    static func escape(_ text: String, into bytes: inout [UInt8]) {
        var text = text
        text.withUTF8 { utf8 in
            var start = 0
            for index in utf8.indices {
                let replacement: [UInt8]
                switch utf8[index] {
                case 0x26: replacement = ampersand
                case 0x3C: replacement = lessThan
                case 0x3E: replacement = greaterThan
                case 0x22: replacement = quote
                case 0x27: replacement = apostrophe
                case 0x00: replacement = replacementCharacter
                default: continue
                }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                bytes.append(contentsOf: replacement)
                start = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
    }

    private static let ampersand = Array("&amp;".utf8)
    private static let lessThan = Array("&lt;".utf8)
    private static let greaterThan = Array("&gt;".utf8)
    private static let quote = Array("&quot;".utf8)
    private static let apostrophe = Array("&#39;".utf8)
    private static let replacementCharacter: [UInt8] = [0xEF, 0xBF, 0xBD]

    struct Interpolation: StringInterpolationProtocol {
        var bytes: [UInt8] = []

        init(literalCapacity: Int, interpolationCount: Int) {
            bytes.reserveCapacity(literalCapacity + interpolationCount * 16)
        }

        mutating func appendLiteral(_ literal: String) {
            var literal = literal
            literal.withUTF8 { bytes.append(contentsOf: $0) }
        }

        /// Text: escaped.
        mutating func appendInterpolation(_ text: String) {
            HTML.escape(text, into: &bytes)
        }

        /// A number: its decimal digits (nothing to escape).
        mutating func appendInterpolation(_ number: Int) {
            bytes.append(contentsOf: String(number).utf8)
        }

        /// Markup built by this type: already safe.
        mutating func appendInterpolation(_ html: HTML) {
            bytes.append(contentsOf: html.bytes)
        }

        /// `markup` when `condition` holds, else nothing: `<option\(if: selected, " selected")>`.
        mutating func appendInterpolation(if condition: Bool, _ markup: HTML) {
            if condition { bytes.append(contentsOf: markup.bytes) }
        }

        /// Each element in turn (a list's rows).
        mutating func appendInterpolation(_ parts: [HTML]) {
            for part in parts { bytes.append(contentsOf: part.bytes) }
        }

        /// Markup from outside a view (a branding snippet an operator configured): written unescaped, and
        /// only through this spelling, so every such place can be found by searching for `trusted:`.
        mutating func appendInterpolation(trusted markup: TrustedHTML) {
            bytes.append(contentsOf: markup.markup.utf8)
        }
    }
}

/// Markup written without escaping by `\(trusted: …)`; the initializer's label says who vouches for it.
struct TrustedHTML: Sendable, Equatable {
    let markup: String

    init(vouchedFor markup: String) {
        self.markup = markup
    }
}
