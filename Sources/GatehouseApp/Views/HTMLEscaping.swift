import Mustache

/// HTML escaping for the templates: the same five characters as swift-mustache's own escaper (`&`, `<`,
/// `>`, `"`, `'`), but on UTF-8 bytes. swift-mustache looks every `Character` up in a table, so a quote
/// followed by a combining mark (one Character, not in the table) came out unescaped and could end an
/// attribute such as the search box's `value="…"`; the table lookups were also a sixth of the time of
/// rendering a ticket list. Registered as the content type `HTML`, which every template selects with
/// `{{% CONTENT_TYPE: HTML }}` (prepended to override templates that do not choose one).
struct HTMLEscaping: MustacheContentType {
    static func register() {
        MustacheContentTypes.register(HTMLEscaping(), named: "HTML")
    }

    func escapeText(_ text: String) -> String {
        Self.escape(text)
    }

    /// ``HTML/escape(_:into:)``, the one escaper of compiled views and templates alike.
    static func escape(_ text: String) -> String {
        let utf8 = text.utf8
        guard utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 || $0 == 0 }) else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count + 16)
        HTML.escape(text, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
