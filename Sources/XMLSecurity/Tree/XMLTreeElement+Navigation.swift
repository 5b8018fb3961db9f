internal import CLibXML2

extension XMLTreeElement {
    /// The parent element, or `nil` for the document element.
    public var parent: XMLTreeElement? {
        guard let parent = node.pointee.parent, parent.pointee.type == XML_ELEMENT_NODE else { return nil }
        return XMLTreeElement(tree: tree, node: parent)
    }

    /// Child elements in document order.
    public var children: XMLChildElements {
        XMLChildElements(tree: tree, firstNode: node.pointee.children, name: nil)
    }

    /// Child elements with the given name, in document order.
    public func children(_ localName: StaticString, in namespace: StaticString) -> XMLChildElements {
        XMLChildElements(tree: tree, firstNode: node.pointee.children, name: (localName, namespace))
    }

    /// The first child element with the given name.
    public func firstChild(_ localName: StaticString, in namespace: StaticString) -> XMLTreeElement? {
        var child = node.pointee.children
        while let current = child {
            if Self.matches(current, localName, namespace) {
                return XMLTreeElement(tree: tree, node: current)
            }
            child = current.pointee.next
        }
        return nil
    }

    /// Every element below this one (not itself) with the given name, in document order.
    public func descendants(_ localName: StaticString, in namespace: StaticString) -> [XMLTreeElement] {
        var result: [XMLTreeElement] = []
        Self.walkElements(from: node.pointee.children, siblings: true) { current in
            if Self.matches(current, localName, namespace) {
                result.append(XMLTreeElement(tree: tree, node: current))
            }
            return true
        }
        return result
    }

    /// The first child element, whatever its name.
    public var firstChildElement: XMLTreeElement? {
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE { return XMLTreeElement(tree: tree, node: current) }
            child = current.pointee.next
        }
        return nil
    }

    /// Calls `body` for every element below this one, in document order.
    public func forEachDescendant(_ body: (XMLTreeElement) -> Void) {
        Self.walkElements(from: node.pointee.children, siblings: true) { current in
            body(XMLTreeElement(tree: tree, node: current))
            return true
        }
    }

    /// Depth-first walk over elements starting at `start` (and, when `siblings`, its following
    /// siblings); `visit` returns false to stop. Iterative, so hostile depth cannot exhaust the stack.
    static func walkElements(from start: xmlNodePtr?, siblings: Bool = false, _ visit: (xmlNodePtr) -> Bool) {
        guard let start else { return }
        let boundary = start.pointee.parent
        var current: xmlNodePtr? = start
        while let node = current {
            if node.pointee.type == XML_ELEMENT_NODE {
                guard visit(node) else { return }
                if let child = node.pointee.children {
                    current = child
                    continue
                }
            }
            // Next sibling, or climb until one exists (never above the starting level).
            var climb: xmlNodePtr? = node
            current = nil
            while let candidate = climb {
                if candidate == start && !siblings { return }
                if let next = candidate.pointee.next {
                    current = next
                    break
                }
                climb = candidate.pointee.parent
                if climb == boundary { return }
            }
        }
    }
}
