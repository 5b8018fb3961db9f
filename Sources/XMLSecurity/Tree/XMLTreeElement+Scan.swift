internal import CLibXML2
import Glibc

/// What one pass over a subtree found: the elements with the requested names and the first
/// identifier value that occurs twice.
public struct XMLScan {
    /// Matching elements in document order, each with the index of the name it matched.
    public var matches: [(index: Int, element: XMLTreeElement)] = []
    /// The first `ID`/`Id`/`id` value (or whichever attributes were asked for) seen twice.
    public var duplicateIdentifier: String?
    /// Whether a comment or processing instruction occurs anywhere in the subtree.
    public var containsCommentOrProcessingInstruction = false
}

extension XMLTreeElement {
    /// Walks this element's subtree once, collecting the descendants named in `names` and checking
    /// that the identifier attributes are unique (this element's included). Signature wrapping needs
    /// either a second element of a kind or a repeated ID, so both questions are asked in one pass.
    public func scan(
        namedAnyOf names: [(localName: StaticString, namespace: StaticString)], identifierAttributes: [StaticString] = ["ID", "Id", "id"]
    ) -> XMLScan {
        var result = XMLScan()
        var identifiers = IdentifierSet()
        Self.walkSubtree(of: node) { current in
            let type = current.pointee.type
            if type == XML_COMMENT_NODE || type == XML_PI_NODE {
                result.containsCommentOrProcessingInstruction = true
            }
            guard type == XML_ELEMENT_NODE else { return }
            if result.duplicateIdentifier == nil {
                result.duplicateIdentifier = identifiers.insertIdentifiers(of: current, named: identifierAttributes)
            }
            if current != node, let ns = current.pointee.ns {
                for index in names.indices
                where Self.equals(current.pointee.name, names[index].localName) && Self.equals(ns.pointee.href, names[index].namespace) {
                    result.matches.append((index, XMLTreeElement(tree: tree, node: current)))
                    break
                }
            }
        }
        return result
    }
}

/// Identifier values seen so far, as views into the attribute text libxml2 holds (the tree is not
/// modified during a scan). A SAML response carries a handful, so a linear scan over raw bytes beats
/// hashing; past a few dozen (only hostile documents get there) it switches to a Set.
private struct IdentifierSet {
    private var few: [UnsafeBufferPointer<UInt8>] = []
    private var many: Set<[UInt8]>?

    /// Records the identifier attributes of `node`; returns the first value already recorded.
    mutating func insertIdentifiers(of node: xmlNodePtr, named names: [StaticString]) -> String? {
        var attribute = node.pointee.properties
        while let current = attribute {
            attribute = current.pointee.next
            guard current.pointee.ns == nil, names.contains(where: { XMLTreeElement.equals(current.pointee.name, $0) }) else { continue }
            guard let child = current.pointee.children, child.pointee.next == nil, child.pointee.type == XML_TEXT_NODE,
                let content = child.pointee.content
            else {
                // Not a single text node (never the case without a DTD): compare a copy.
                let value = XMLTreeElement.attributeValue(current)
                if !insert(Array(value.utf8)) { return value }
                continue
            }
            let value = UnsafeBufferPointer(start: content, count: Int(xmlStrlen(content)))
            if !insert(value) { return String(decoding: value, as: UTF8.self) }
        }
        return nil
    }

    private mutating func insert(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        if many != nil { return insert(Array(value)) }
        let seen = few.contains { known in
            known.count == value.count && (value.isEmpty || memcmp(known.baseAddress!, value.baseAddress!, value.count) == 0)
        }
        if seen {
            return false
        }
        few.append(value)
        if few.count > 32 { many = Set(few.map { Array($0) }) }
        return true
    }

    private mutating func insert(_ value: [UInt8]) -> Bool {
        if many == nil { many = Set(few.map { Array($0) }) }
        return many!.insert(value).inserted
    }
}
