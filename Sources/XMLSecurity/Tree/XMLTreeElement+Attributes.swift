internal import CLibXML2
import Glibc

extension XMLTreeElement {
    /// The value of an attribute that has no namespace (`ID`, `Destination`, …).
    public func attribute(_ name: StaticString) -> String? {
        attributeNode(name, namespace: nil).map(Self.attributeValue)
    }

    /// Whether the un-namespaced attribute `name` is present with exactly `value`, compared without
    /// building a String.
    public func attribute(_ name: StaticString, equals value: String) -> Bool {
        guard let attribute = attributeNode(name, namespace: nil) else { return false }
        if let child = attribute.pointee.children, child.pointee.next == nil, child.pointee.type == XML_TEXT_NODE {
            return Self.equals(child.pointee.content, value)
        }
        return Self.attributeValue(attribute) == value
    }

    /// Calls `body` with the UTF-8 bytes of the un-namespaced attribute `name`, read in place; `nil` when
    /// the attribute is absent. For values that are parsed rather than kept (timestamps).
    public func withAttributeBytes<R>(_ name: StaticString, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        guard let attribute = attributeNode(name, namespace: nil) else { return nil }
        if let child = attribute.pointee.children, child.pointee.next == nil, child.pointee.type == XML_TEXT_NODE,
            let content = child.pointee.content
        {
            return body(UnsafeBufferPointer(start: content, count: Int(xmlStrlen(content))))
        }
        var value = Self.attributeValue(attribute)
        return value.withUTF8(body)
    }

    /// The value of a namespace-qualified attribute (`xsi:type`, …).
    public func attribute(_ name: StaticString, namespace: StaticString) -> String? {
        attributeNode(name, namespace: namespace).map(Self.attributeValue)
    }

    func attributeNode(_ name: StaticString, namespace: StaticString?) -> xmlAttrPtr? {
        var attribute = node.pointee.properties
        while let current = attribute {
            attribute = current.pointee.next
            guard Self.equals(current.pointee.name, name) else { continue }
            switch (current.pointee.ns, namespace) {
            case (nil, nil):
                return current
            case (let ns?, let namespace?) where Self.equals(ns.pointee.href, namespace):
                return current
            default:
                continue
            }
        }
        return nil
    }

    static func attributeValue(_ attribute: xmlAttrPtr) -> String {
        // Without a DTD an attribute value is at most one text node; fall back to libxml2 otherwise.
        if let child = attribute.pointee.children, child.pointee.next == nil, child.pointee.type == XML_TEXT_NODE,
            let content = child.pointee.content
        {
            return String(decoding: UnsafeBufferPointer(start: content, count: Int(xmlStrlen(content))), as: UTF8.self)
        }
        if attribute.pointee.children == nil { return "" }
        guard let value = xmlNodeListGetString(attribute.pointee.doc, attribute.pointee.children, 1) else { return "" }
        defer { CLibXML2_xmlFree(value) }
        return String(cString: value)
    }

    /// The names of all attributes, qualified as `{namespace}name` when namespaced.
    public var attributeNames: [String] {
        var names: [String] = []
        var attribute = node.pointee.properties
        while let current = attribute {
            attribute = current.pointee.next
            let name = String(cString: current.pointee.name)
            if let ns = current.pointee.ns, let href = ns.pointee.href {
                names.append("{\(String(cString: href))}\(name)")
            } else {
                names.append(name)
            }
        }
        return names
    }
}
