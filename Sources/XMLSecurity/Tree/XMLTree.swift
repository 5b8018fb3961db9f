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
    public func firstDuplicateIdentifier(attributeNames: [String] = ["ID", "Id", "id"]) -> String? {
        var seen = Set<String>()
        var duplicate: String?
        let names = attributeNames.map { Array($0.utf8CString).map { UInt8(bitPattern: $0) } }
        XMLTreeElement.walkElements(from: xmlDocGetRootElement(document)) { node in
            var attribute = node.pointee.properties
            while let current = attribute {
                attribute = current.pointee.next
                guard current.pointee.ns == nil else { continue }
                let matches = names.contains { name in
                    name.withUnsafeBufferPointer { xmlStrEqual(current.pointee.name, $0.baseAddress) != 0 }
                }
                if matches {
                    let value = XMLTreeElement.attributeValue(current)
                    if !seen.insert(value).inserted {
                        duplicate = value
                        return false
                    }
                }
            }
            return true
        }
        return duplicate
    }

    /// Whether the document's prolog or body holds a DOCTYPE. The parser already refuses these; this
    /// is the second, structural check on any tree.
    var hasDocumentTypeDeclaration: Bool {
        document.pointee.intSubset != nil || document.pointee.extSubset != nil
    }
}
