internal import CLibXML2

/// A parsed XML document: the owner of a libxml2 `xmlDoc`, freed when the last reference goes.
///
/// Trees are created only by ``parse(_:limits:)`` (the safe parser) and are not shared across
/// threads: libxml2 trees are mutable and unsynchronised, so `XMLTree` is deliberately not `Sendable`.
public final class XMLTree {
    let document: xmlDocPtr

    init(takingOwnership document: xmlDocPtr) {
        self.document = document
    }

    deinit {
        xmlFreeDoc(document)
    }

    /// The document element.
    public var root: XMLTreeElement {
        // A tree only exists after a successful parse, which guarantees a root element.
        XMLTreeElement(tree: self, node: xmlDocGetRootElement(document)!)
    }

    /// The document serialised by libxml2, as UTF-8 bytes, with an XML declaration.
    ///
    /// Serialisation keeps whitespace, so signatures computed on the tree stay valid in the output.
    public func serialized() -> [UInt8] {
        var buffer: UnsafeMutablePointer<xmlChar>?
        var length: Int32 = 0
        xmlDocDumpMemoryEnc(document, &buffer, &length, "UTF-8")
        guard let buffer else { return [] }
        defer { CLibXML2_xmlFree(buffer) }
        return Array(UnsafeBufferPointer(start: buffer, count: Int(length)))
    }

    /// The first value that occurs twice among the given identifier attributes (`ID`, `Id`, …), if any.
    ///
    /// Same-document references (`URI="#…"`) are only unambiguous when identifiers are unique; XML
    /// signature wrapping attacks rely on a second element carrying the signed element's ID.
    public func firstDuplicateIdentifier(attributeNames: [StaticString] = ["ID", "Id", "id"]) -> String? {
        root.scan(namedAnyOf: [], identifierAttributes: attributeNames).duplicateIdentifier
    }

    /// Whether the document's prolog or body holds a DOCTYPE. The parser already refuses these; this
    /// is the second, structural check on any tree.
    var hasDocumentTypeDeclaration: Bool {
        document.pointee.intSubset != nil || document.pointee.extSubset != nil
    }
}
