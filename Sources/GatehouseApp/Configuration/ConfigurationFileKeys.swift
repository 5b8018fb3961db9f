import Foundation
import Yams

/// The dotted keys a YAML configuration file sets, so a misspelt key (`portal.titel`) fails startup
/// instead of being ignored: swift-configuration answers only the keys it is asked for.
enum ConfigurationFileKeys {
    static func keys(inYAML text: String) throws(ConfigurationError) -> [String] {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw ConfigurationError(key: "", "the file is not valid YAML: \(error)")
        }
        guard let node else { return [] }
        guard let mapping = node.mapping else { throw ConfigurationError(key: "", "the file must be a YAML mapping of keys") }
        var keys: [String] = []
        var pending: [(prefix: String, mapping: Node.Mapping)] = [("", mapping)]
        while let (prefix, mapping) = pending.popLast() {
            for (keyNode, value) in mapping {
                guard let name = keyNode.string else { throw ConfigurationError(key: prefix, "a key is not a string") }
                let key = prefix.isEmpty ? name : prefix + "." + name
                if let nested = value.mapping {
                    pending.append((key, nested))
                } else {
                    keys.append(key)
                }
            }
        }
        return keys.sorted()
    }
}
