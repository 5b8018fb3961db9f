internal import CLibXML2

/// The child elements of an element, optionally only those with one name, read lazily from the tree:
/// iterating allocates nothing, which matters on the verification path.
public struct XMLChildElements: Sequence {
    let tree: XMLTree?
    let firstNode: xmlNodePtr?
    let name: (localName: StaticString, namespace: StaticString)?

    public struct Iterator: IteratorProtocol {
        let tree: XMLTree?
        var upcoming: xmlNodePtr?
        let name: (localName: StaticString, namespace: StaticString)?

        public mutating func next() -> XMLTreeElement? {
            while let current = upcoming {
                upcoming = current.pointee.next
                guard current.pointee.type == XML_ELEMENT_NODE else { continue }
                if let name, !XMLTreeElement.matches(current, name.localName, name.namespace) { continue }
                // A node exists only inside a tree, so `tree` is set whenever `upcoming` was.
                return XMLTreeElement(tree: tree!, node: current)
            }
            return nil
        }
    }

    public func makeIterator() -> Iterator {
        Iterator(tree: tree, upcoming: firstNode, name: name)
    }

    public var first: XMLTreeElement? {
        var iterator = makeIterator()
        return iterator.next()
    }

    public var count: Int {
        var count = 0
        var iterator = makeIterator()
        while iterator.next() != nil { count += 1 }
        return count
    }

    public var isEmpty: Bool { first == nil }

    /// The exact count: walking a sibling list is cheap, and it lets `map` allocate once.
    public var underestimatedCount: Int { count }

    /// No elements (for optional chains that end without a parent).
    public static var empty: XMLChildElements {
        XMLChildElements(tree: nil, firstNode: nil, name: nil)
    }
}
