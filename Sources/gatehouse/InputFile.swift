import Foundation

/// Reads a file named on the command line (`-` for standard input), failing with a configuration error.
enum InputFile {
    static func bytes(_ path: String, what: String) throws(CommandError) -> [UInt8] {
        if path == "-" {
            return [UInt8](FileHandle.standardInput.readDataToEndOfFile())
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandError("Cannot read \(what) file \(path).")
        }
        return [UInt8](data)
    }

    static func text(_ path: String, what: String) throws(CommandError) -> String {
        String(decoding: try bytes(path, what: what), as: UTF8.self)
    }
}
