import Foundation

/// String surgery on the compact XML our minter and xmlsec1 produce, to build attack documents the
/// way an attacker would: by cutting, copying and pasting signed fragments.
///
/// Elements are located by their exact start-tag prefix and the matching end tag; minted documents
/// never nest an element inside one of the same name, so the first end tag after the start is the match.
struct XMLSurgery {
    var xml: String

    init(_ xml: String) {
        self.xml = xml
    }

    /// The range of the first element whose start tag begins with `prefix` (e.g. `<saml:Assertion `).
    func range(of prefix: String, closing name: String) -> Range<String.Index>? {
        guard let start = xml.range(of: prefix) else { return nil }
        if let selfClosing = xml[start.upperBound...].range(of: "/>"),
            xml[start.upperBound..<selfClosing.lowerBound].contains(">") == false
        {
            return start.lowerBound..<selfClosing.upperBound
        }
        guard let end = xml.range(of: "</\(name)>", range: start.upperBound..<xml.endIndex) else { return nil }
        return start.lowerBound..<end.upperBound
    }

    func element(_ prefix: String, closing name: String) -> String {
        guard let range = range(of: prefix, closing: name) else { fatalError("no \(prefix) in document") }
        return String(xml[range])
    }

    /// The signed Assertion, as it stands in the document.
    var assertion: String { element("<saml:Assertion ", closing: "saml:Assertion") }
    /// The first ds:Signature.
    var signature: String { element("<ds:Signature", closing: "ds:Signature") }

    mutating func replace(_ old: String, with new: String) {
        guard let range = xml.range(of: old) else { fatalError("fragment not found: \(old.prefix(60))") }
        xml.replaceSubrange(range, with: new)
    }

    mutating func remove(_ fragment: String) {
        replace(fragment, with: "")
    }

    /// Inserts `fragment` right after the first occurrence of `anchor`.
    mutating func insert(_ fragment: String, after anchor: String) {
        guard let range = xml.range(of: anchor) else { fatalError("anchor not found: \(anchor.prefix(60))") }
        xml.insert(contentsOf: fragment, at: range.upperBound)
    }

    /// Inserts `fragment` right before the first occurrence of `anchor`.
    mutating func insert(_ fragment: String, before anchor: String) {
        guard let range = xml.range(of: anchor) else { fatalError("anchor not found: \(anchor.prefix(60))") }
        xml.insert(contentsOf: fragment, at: range.lowerBound)
    }

    /// `assertion` with its Signature removed, its ID changed and its NameID replaced: the attacker's copy.
    static func evilCopy(of assertion: String, signature: String?, id: String = "_evil_assertion", nameID: String = "admin@example.com") -> String {
        var copy = assertion
        if let signature, let range = copy.range(of: signature) { copy.removeSubrange(range) }
        copy = copy.replacingFirst("ID=\"_asrt", with: "ID=\"\(id)\"", orSuffixUntilQuote: true)
        if let start = copy.range(of: "<saml:NameID"), let open = copy.range(of: ">", range: start.upperBound..<copy.endIndex),
            let close = copy.range(of: "</saml:NameID>", range: open.upperBound..<copy.endIndex)
        {
            copy.replaceSubrange(open.upperBound..<close.lowerBound, with: nameID)
        }
        return copy
    }
}

extension String {
    /// Replaces the first attribute value starting with `prefix` up to its closing quote.
    func replacingFirst(_ prefix: String, with replacement: String, orSuffixUntilQuote: Bool) -> String {
        guard let start = range(of: prefix) else { return self }
        guard let quote = self[start.upperBound...].firstIndex(of: "\"") else { return self }
        var result = self
        result.replaceSubrange(start.lowerBound...quote, with: replacement)
        return result
    }
}
